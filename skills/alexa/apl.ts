/**
 * The outfit on an Echo with a screen: one APL document, the data passed as a datasource so the
 * document itself never carries user text.
 */
export const OUTFIT_APL_TOKEN = 'miroir-outfit';

export const OUTFIT_APL_DOCUMENT = {
  type: 'APL',
  version: '2023.3',
  theme: 'dark',
  mainTemplate: {
    parameters: ['outfit'],
    items: [
      {
        type: 'Container',
        width: '100vw',
        height: '100vh',
        paddingLeft: '6vw',
        paddingRight: '6vw',
        paddingTop: '6vh',
        items: [
          { type: 'Text', text: '${outfit.title}', fontSize: '40dp', fontWeight: 'bold' },
          {
            type: 'Sequence',
            grow: 1,
            paddingTop: '3vh',
            data: '${outfit.garments}',
            items: [
              {
                type: 'Container',
                direction: 'row',
                paddingBottom: '12dp',
                items: [
                  { type: 'Text', text: '${data.category}', width: '30vw', fontSize: '24dp', color: '#9a9a9a' },
                  { type: 'Text', text: '${data.name}', fontSize: '28dp' },
                ],
              },
            ],
          },
          { type: 'Text', text: '${outfit.explanation}', fontSize: '24dp', paddingBottom: '4vh' },
        ],
      },
    ],
  },
} as const;
