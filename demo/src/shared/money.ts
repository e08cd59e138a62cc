// Money helpers shared by checkout and invoices. No outcome claims this file yet.
// TODO(PAY-40): round half to even for invoices.
export function roundCents(value: number): number {
  return Math.round(value);
}
