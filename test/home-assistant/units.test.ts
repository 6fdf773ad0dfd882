import { haUnit } from '@server/home-assistant/discovery';
import { DEVICE_CLASS_STATE_CLASSES, DEVICE_CLASS_UNITS } from './ha-rules';

describe("supply units in Home Assistant's terms", () => {
  it('every unit Miroir converts maps to a unit and device class HA accepts with state_class measurement', () => {
    for (const unit of ['L', 'l', 'ml', 'mL', 'cl', 'kg', 'g', 'lb', 'oz', 'm', 'cm', 'mm']) {
      const ha = haUnit(unit);
      expect({ unit, deviceClass: ha.deviceClass === null ? null : 'set' }).toEqual({ unit, deviceClass: 'set' });
      expect({ unit, ok: DEVICE_CLASS_UNITS[ha.deviceClass!].includes(ha.unit) }).toEqual({ unit, ok: true });
      expect({ unit, ok: DEVICE_CLASS_STATE_CLASSES[ha.deviceClass!].includes('measurement') }).toEqual({ unit, ok: true });
    }
  });

  it('keeps the value right when the unit changes name (cl shown in mL)', () => {
    expect(haUnit('cl')).toEqual({ unit: 'mL', deviceClass: 'volume_storage', factor: 10 });
    expect(haUnit('L')).toEqual({ unit: 'L', deviceClass: 'volume_storage', factor: 1 });
    expect(haUnit('G')).toEqual({ unit: 'g', deviceClass: 'weight', factor: 1 });
  });

  it('leaves units HA has no class for as plain numeric sensors', () => {
    expect(haUnit('%')).toEqual({ unit: '%', deviceClass: null, factor: 1 });
    expect(haUnit('pcs')).toEqual({ unit: 'pcs', deviceClass: null, factor: 1 });
  });
});
