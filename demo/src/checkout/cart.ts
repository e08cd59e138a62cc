// @outcome KR-1
// Cart totals shown at checkout. Fewer surprises here means fewer abandoned carts.

export interface LineItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export function cartTotalCents(items: readonly LineItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
}

// TODO(PAY-31): show the delivery estimate before the payment step.
export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
