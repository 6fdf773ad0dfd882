import type { Api } from './api';
import { keepToken } from './token';

/**
 * First run made the family's household and named a claim (`mirror.moved`): this mirror redeems
 * it with its own (demo) display token for a display token of the family's household, which it
 * keeps under its key. The token comes back in this response only, never over the stream.
 * Resolves false, having logged why, when the server refused (already moved, expired, not one of
 * this household's claims) or could not be reached: the page then stays on the demo.
 */
export async function followMove(api: Api, storage: Storage, claimId: string): Promise<boolean> {
  try {
    const claimed = await api.post<{ token: string; household: { id: string; name: string } }>('/api/v1/mirror/claim', { claimId });
    keepToken(storage, claimed.token);
    return true;
  } catch (err) {
    console.warn('mirror: could not move to the new household, staying on the demo', err);
    return false;
  }
}
