import { create } from 'qrcode';
import { qrPath } from '@mirror/ui/core/qr';

describe('qrPath (the one QR drawing the mirror and the app share)', () => {
  it('draws one square per dark module inside a four-module quiet zone', () => {
    const value = 'http://192.168.1.20:3000/app#join=K7QF-2M9D';
    const { modules } = create(value, { errorCorrectionLevel: 'M' });
    let dark = 0;
    for (let y = 0; y < modules.size; y++) for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) dark++;
    const { span, d } = qrPath(value);
    expect(span).toBe(modules.size + 8);
    expect(d.match(/M/g)).toHaveLength(dark);
    // The finder pattern's top-left corner sits just inside the quiet zone.
    expect(d.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
