/**
 * Whether a URL points inside the platform's own network. The OMS calls webhook and
 * integration URLs from its servers, so a URL aimed at loopback, a private range or a cloud
 * metadata service lets whoever edits settings reach what only the OMS can reach (SSRF).
 * Addresses are compared after normalising every notation a URL parser accepts: decimal
 * (2130706433), hex (0x7f.1), octal (0177.0.0.1), short (127.1) and IPv6 forms that embed an
 * IPv4 address (::ffff:127.0.0.1, 64:ff9b::/96, 6to4, Teredo).
 */
import ipaddr from 'ipaddr.js'

/** Cloud metadata endpoints; the first three are also in private or link-local ranges. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16',
])

const INTERNAL_NAMES = new Set([
  'localhost', 'metadata', 'instance-data', 'ip6-localhost', 'ip6-loopback', 'kubernetes',
])

const INTERNAL_SUFFIXES = [
  '.localhost', '.local', '.internal', '.intranet', '.corp', '.lan', '.home', '.home.arpa',
  '.localdomain', '.private', '.svc', '.in-addr.arpa', '.ip6.arpa',
]

/** Public names that resolve to loopback, or to whatever address is written into them. */
const LOOPBACK_DOMAINS = ['localtest.me', 'lvh.me', 'vcap.me']
const ECHO_DOMAINS = ['nip.io', 'sslip.io', 'xip.io']

const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:'])

/** Schemes whose "host" is a bucket or account name, never called over the network as such. */
const STORAGE_SCHEMES = new Set(['s3:', 'gs:', 'gcs:', 'az:', 'azblob:', 'abfs:', 'abfss:', 'wasb:', 'wasbs:', 'file:'])

/**
 * Why the URL's host is internal ("a loopback address (127.0.0.1)"), or undefined when it
 * is a public name or address. Hosts in `allowed` (exact, or `*.suffix`) are accepted.
 */
export function internalTarget(url: URL, allowed: readonly string[] = []): string | undefined {
  if (STORAGE_SCHEMES.has(url.protocol)) return undefined

  const host = hostOf(url)
  if (host === '' || isAllowed(host, allowed)) return undefined

  // The same hosts recur in every tenant of a repository.
  if (reasons.has(host)) return reasons.get(host)

  const reason = ipaddr.isValid(host) ? addressReason(host) : nameReason(host)
  reasons.set(host, reason)
  return reason
}

const reasons = new Map<string, string | undefined>()

/** The host in lower case without brackets or trailing dot, IPv4 in dotted decimal. */
function hostOf(url: URL): string {
  let host = url.hostname.toLowerCase()
  if (!SPECIAL_SCHEMES.has(url.protocol) && host !== '') {
    // Opaque hosts (s3://, kafka://) are not normalised by the parser; an http URL is.
    try {
      host = new URL(`http://${host}`).hostname
    } catch {
      return host
    }
  }

  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '')
}

function isAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase()
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern
  })
}

function addressReason(host: string): string | undefined {
  const address = ipaddr.parse(host)
  const embedded = embeddedIpv4(address)
  const effective = embedded ?? address
  const text = effective.toString()
  const shown = embedded ? `${text}, written as ${host}` : text
  if (METADATA_ADDRESSES.has(text)) return `a cloud metadata service address (${shown})`

  const range = effective.range()
  if (range === 'unicast') return undefined

  return `${RANGE_NAMES[range] ?? 'a reserved address'} (${shown})`
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  uniqueLocal: 'a private-network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
}

/** The IPv4 address an IPv6 address stands for, when it embeds one. */
function embeddedIpv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined

  const v6 = address as ipaddr.IPv6
  const bytes = v6.toByteArray()
  switch (v6.range()) {
    case 'ipv4Mapped':
      return v6.toIPv4Address()
    case 'rfc6052':
    case 'rfc6145':
      return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4
    case '6to4':
      return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4
    case 'teredo':
      return ipaddr.fromByteArray(bytes.slice(12).map(byte => byte ^ 0xff)) as ipaddr.IPv4
    default:
      // ::127.0.0.1, the deprecated IPv4-compatible form, still reaches IPv4 on some stacks.
      return isCompatible(bytes) ? ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4 : undefined
  }
}

/** ::a.b.c.d: twelve zero bytes, then an IPv4 address (but not :: or ::1). */
function isCompatible(bytes: readonly number[]): boolean {
  const zero = (part: readonly number[]): boolean => part.every(byte => byte === 0)
  return zero(bytes.slice(0, 12)) && !zero(bytes.slice(12, 15))
}

function nameReason(host: string): string | undefined {
  if (INTERNAL_NAMES.has(host)) return `an internal host name (${host})`
  if (!host.includes('.')) return `a single-label host name (${host}) that only resolves inside a network`

  const suffix = INTERNAL_SUFFIXES.find(candidate => host.endsWith(candidate))
  if (suffix) return `an internal host name (${host}, under ${suffix.slice(1)})`

  const domain = (list: readonly string[]): string | undefined =>
    list.find(name => host === name || host.endsWith(`.${name}`))
  if (domain(LOOPBACK_DOMAINS)) return `a public name that resolves to loopback (${host})`

  const echo = domain(ECHO_DOMAINS)
  if (!echo) return undefined

  const label = host.slice(0, host.length - echo.length - 1)
  const written = /(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3})$/.exec(label)?.[1]?.replace(/-/g, '.')
  if (written === undefined || !ipaddr.isValid(written)) return undefined

  const reason = addressReason(written)
  return reason === undefined ? undefined : `${host}, a name that resolves to ${reason}`
}
