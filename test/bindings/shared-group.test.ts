import type { BindingsService } from '@server/bindings/service';
import { BindingSubscriber } from '@server/bindings/subscriber';
import { BROKER, connectClient, uniqueLevel } from './support';

/** Only what the subscriber uses of the bindings service: one filter, and a count of the messages handed over. */
function fakeBindings(filter: string): { service: BindingsService; handled: string[] } {
  const handled: string[] = [];
  const service = {
    filters: async () => [filter],
    onChange: () => () => undefined,
    handleMessage: async (_topic: string, payload: Buffer) => {
      handled.push(payload.toString('utf8'));
      return [];
    },
  } as unknown as BindingsService;
  return { service, handled };
}

describe('binding subscribers of several instances', () => {
  it('in one shared group, each message is handled by one instance, not by every one', async () => {
    const topic = `${uniqueLevel('bindings-share')}/scale`;
    const group = uniqueLevel('group');
    const a = fakeBindings(topic);
    const b = fakeBindings(topic);
    const first = new BindingSubscriber(a.service, { url: BROKER, shareGroup: group });
    const second = new BindingSubscriber(b.service, { url: BROKER, shareGroup: group });
    const publisher = await connectClient();
    try {
      await first.start();
      await second.start();
      for (let i = 0; i < 10; i++) await publisher.publishAsync(topic, JSON.stringify({ weight: i }), { qos: 1 });
      const deadline = Date.now() + 5000;
      while (a.handled.length + b.handled.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // A little longer: a copy for the second instance would arrive now.
      await new Promise((r) => setTimeout(r, 200));
      await first.drain();
      await second.drain();
      expect([...a.handled, ...b.handled].sort()).toEqual(Array.from({ length: 10 }, (_, i) => JSON.stringify({ weight: i })).sort());
    } finally {
      await publisher.endAsync(true);
      await first.stop();
      await second.stop();
    }
  });
});
