import { escapeSsml, render, resolveParams } from '@skills/core/render';
import type { ConversationReply } from '@skills/core/types';

/** Keys become words in the request's language; whatever a person or a service wrote is escaped. */
const reply = (over: Partial<ConversationReply>): ConversationReply => ({ speechKey: 'skills.fallback', params: {}, shouldEndSession: false, directives: [], state: {}, ...over });

describe('render', () => {
  it('escapes names and explanations inside SSML', () => {
    const out = render(reply({ speechKey: 'skills.outfit.explain', params: { explanation: 'Rain & wind <after 5 pm> "so" it\'s the coat' } }), 'en-GB');
    expect(out.speech).toBe('Rain & wind <after 5 pm> "so" it\'s the coat');
    expect(out.ssml).toBe('<speak>Rain &amp; wind &lt;after 5 pm&gt; &quot;so&quot; it&apos;s the coat</speak>');
    expect(escapeSsml('<audio src="x"/>')).not.toContain('<');
  });

  it('speaks every Alexa locale in its language', () => {
    for (const locale of ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN']) expect(render(reply({}), locale).speech).toContain('did not get that');
    for (const locale of ['fr-FR', 'fr-CA']) expect(render(reply({}), locale).speech).toContain("je n'ai pas compris");
  });

  it('translates key parameters and lists, and uses plural forms', () => {
    const params = resolveParams({ whenKey: 'skills.day.on', weekday: 'vendredi', itemsKeys: 'skills.bring.umbrella|skills.bring.gym_bag', bringKey: 'skills.outfit.bring' }, 'fr-FR');
    expect(params).toMatchObject({ when: 'vendredi', items: 'un parapluie et ton sac de sport', bring: 'Prends un parapluie et ton sac de sport.' });
    expect(render(reply({ speechKey: 'skills.supplies.low', params: { count: 2, items: 'Lait et Café' } }), 'fr-FR').speech).toBe('2 choses vont manquer : Lait et Café.');
    expect(render(reply({ speechKey: 'skills.supplies.low', params: { count: 1, items: 'Lait' } }), 'en-US').speech).toBe('One thing is running low: Lait.');
  });

  it('falls back to a generic apology for a key no locale has', () => {
    expect(render(reply({ speechKey: 'skills.noSuchKey' }), 'en-US').speech).toBe('Sorry, something went wrong. Please try again in a moment.');
  });
});
