const formats = new Map<string, Intl.NumberFormat>()

/**
 * An amount in minor units as people read it ("EUR 5,000.00"), so that a message about
 * approval bands does not make the reader divide by 100 (or by 1, or by 1000).
 */
export function formatMoney(minorUnits: number, currency: string): string {
  let format = formats.get(currency)
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' })
    formats.set(currency, format)
  }

  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(minorUnits / 10 ** digits).replace(/\u00a0/g, ' ')
}
