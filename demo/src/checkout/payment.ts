// Payment step. Served by KR-1 through the `src/checkout/` path rule.

export type PaymentMethod = 'card' | 'wallet' | 'invoice';

export function defaultPaymentMethod(countryCode: string): PaymentMethod {
  return countryCode === 'DE' ? 'invoice' : 'card';
}
