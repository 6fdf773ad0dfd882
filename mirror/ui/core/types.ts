/**
 * The API shapes the mirror reads (CONTRACT.md). Written from the contract rather than imported
 * from the server's schemas so the browser bundle carries no server code; fields the contract
 * does not promise are optional and the regions cope without them.
 */
export interface Household {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  currency: string;
  settings: { nightMode: { enabled: boolean; start: string; end: string } };
  profiles: { id: string; name: string; isDefault: boolean }[];
}

export interface WeatherHour {
  time: string;
  temperature: number;
  apparentTemperature: number;
  humidity: number | null;
  windSpeed: number;
  precipitation: number;
  precipitationProbability: number | null;
  weatherType: string;
}

export interface WeatherDay {
  date: string;
  min: number;
  max: number;
  precipitationSum: number;
  weatherType: string;
  sunrise?: string | null;
  sunset?: string | null;
}

export interface Weather {
  current: WeatherHour | null;
  hourly: WeatherHour[];
  daily: WeatherDay[];
  provider: string;
  fetchedAt: string | null;
  stale: boolean;
}

export interface AgendaEvent {
  uid: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
}

export interface Garment {
  id: string;
  name: string;
  category: string;
  kind: string;
  colors: string[];
  photoUrl?: string | null;
}

export interface Suggestion {
  outfits: { garmentIds: string[]; score: number; explanation: string }[];
  bring: string[];
}

export interface Supply {
  id: string;
  name: string;
  unit: string;
  capacity: number;
  level: number;
  reorderPoint: number;
  daysLeft: number | null;
}

export interface Order {
  id: string;
  supplyId: string;
  sku: string;
  quantity: number;
  total: number;
  currency: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  supplyName?: string;
  /** When a scheduled order leaves the house (the end of its cancel window). */
  sendAfter?: string | null;
  expectedAt?: string | null;
}

export interface PairingCode {
  code: string;
  expiresAt: string;
}
