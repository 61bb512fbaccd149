import { describe, expect, it } from 'vitest'

import { internalTarget } from '../../src/rules/network-targets.js'

describe('internalTarget', () => {
  it.each([
    ['https://127.0.0.1/hook', 'a loopback address (127.0.0.1)'],
    ['https://2130706433/hook', 'a loopback address (127.0.0.1)'],
    ['https://0x7f.1/hook', 'a loopback address (127.0.0.1)'],
    ['https://0x7f000001/hook', 'a loopback address (127.0.0.1)'],
    ['https://0177.0.0.1/hook', 'a loopback address (127.0.0.1)'],
    ['https://127.1/hook', 'a loopback address (127.0.0.1)'],
    ['https://[::1]/hook', 'a loopback address (::1)'],
    ['https://[::ffff:127.0.0.1]/hook', 'a loopback address (127.0.0.1, written as ::ffff:7f00:1)'],
    ['https://[::127.0.0.1]/hook', 'a loopback address (127.0.0.1, written as ::7f00:1)'],
    ['https://[2002:7f00:1::]/hook', 'a loopback address (127.0.0.1, written as 2002:7f00:1::)'],
    ['https://[64:ff9b::10.1.2.3]/hook', 'a private-network address (10.1.2.3, written as 64:ff9b::a01:203)'],
    ['https://10.20.30.40:8443/hook', 'a private-network address (10.20.30.40)'],
    ['https://172.16.0.9/hook', 'a private-network address (172.16.0.9)'],
    ['https://0xc0.0xa8.1.1/hook', 'a private-network address (192.168.1.1)'],
    ['https://[fd12:3456::1]/hook', 'a private-network address (fd12:3456::1)'],
    ['https://169.254.169.254/latest/meta-data/', 'a cloud metadata service address (169.254.169.254)'],
    ['https://2852039166/latest/meta-data/', 'a cloud metadata service address (169.254.169.254)'],
    ['https://[::ffff:a9fe:a9fe]/latest/', 'a cloud metadata service address (169.254.169.254, written as ::ffff:a9fe:a9fe)'],
    ['https://[fd00:ec2::254]/latest/', 'a cloud metadata service address (fd00:ec2::254)'],
    ['https://168.63.129.16/machine', 'a cloud metadata service address (168.63.129.16)'],
    ['https://100.100.100.200/latest/', 'a cloud metadata service address (100.100.100.200)'],
    ['https://169.254.10.1/x', 'a link-local address (169.254.10.1)'],
    ['https://[fe80::1]/x', 'a link-local address (fe80::1)'],
    ['https://100.64.0.1/x', 'a carrier-grade NAT address (100.64.0.1)'],
    ['https://0.0.0.0/x', 'the unspecified address (0.0.0.0)'],
    ['https://localhost/x', 'an internal host name (localhost)'],
    ['https://LocalHost./x', 'an internal host name (localhost)'],
    ['https://api.localhost/x', 'an internal host name (api.localhost, under localhost)'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'an internal host name (metadata.google.internal, under internal)'],
    ['https://erp.corp.internal/x', 'an internal host name (erp.corp.internal, under internal)'],
    ['https://printer.local/x', 'an internal host name (printer.local, under local)'],
    ['https://orders.default.svc/x', 'an internal host name (orders.default.svc, under svc)'],
    ['https://erp/x', 'a single-label host name (erp) that only resolves inside a network'],
    ['https://shop.localtest.me/x', 'a public name that resolves to loopback (shop.localtest.me)'],
    ['https://10.0.0.1.nip.io/x', '10.0.0.1.nip.io, a name that resolves to a private-network address (10.0.0.1)'],
    ['https://app-192-168-1-1.sslip.io/x', 'app-192-168-1-1.sslip.io, a name that resolves to a private-network address (192.168.1.1)'],
    ['kafka://0x7f.1:9092/orders', 'a loopback address (127.0.0.1)'],
  ])('%s is %s', (url, reason) => {
    expect(internalTarget(new URL(url))).toBe(reason)
  })

  it.each([
    'https://hooks.acme.example/oms',
    'https://8.8.8.8/x',
    'https://8.8.8.8.nip.io/x',
    'https://999.1.2.3.nip.io/x',
    'https://[2606:4700::1111]/x',
    'https://checkout-live.adyenpayments.com/v71',
    's3://acme-oms-dead-letter/850/',
  ])('%s is public', (url) => {
    expect(internalTarget(new URL(url))).toBeUndefined()
  })

  it('accepts hosts the project allows, exactly or by domain', () => {
    const allowed = ['erp', '*.mesh.internal']

    expect(internalTarget(new URL('https://erp/x'), allowed)).toBeUndefined()
    expect(internalTarget(new URL('https://orders.mesh.internal/x'), allowed)).toBeUndefined()
    expect(internalTarget(new URL('https://mesh.internal.evil/x'), allowed)).toBeUndefined()
    expect(internalTarget(new URL('https://other.internal/x'), allowed)).toBe('an internal host name (other.internal, under internal)')
  })
})
