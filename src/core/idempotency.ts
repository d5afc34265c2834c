// idempotency.ts - a caller's idempotency key: the same key with the same parameters answers the first result again.
import { GatewayError } from './errors.ts';

/** An idempotency key: 1-64 of A-Z a-z 0-9 _ . - (as client_order_id or the Idempotency-Key header). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

const FORMS = '应为 1-64 个字母、数字或 _ . -，例如 "s1-20261124-0001"。(1-64 of A-Z a-z 0-9 _ . -)';

/**
 * The key from what the caller gave (a parameter and / or a header): none is null; a malformed one, or two that
 * differ, is a 400 naming client_order_id.
 */
export function parseIdempotencyKey(given: readonly unknown[]): string | null {
  const present = given.filter((v) => v !== undefined && v !== null && v !== '');
  if (present.length === 0) return null;
  const key = present[0];
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new GatewayError('invalid_idempotency_key', `client_order_id / Idempotency-Key ${JSON.stringify(key).slice(0, 80)} 格式不对：${FORMS}`, { field: 'client_order_id' });
  }
  if (present.length === 2 && present[1] !== key) {
    throw new GatewayError('invalid_idempotency_key', 'client_order_id 与 Idempotency-Key 头不一致：只给一个，或给相同的值。(client_order_id and the Idempotency-Key header differ)', { field: 'client_order_id' });
  }
  return key;
}
