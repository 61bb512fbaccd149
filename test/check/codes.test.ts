import { describe, expect, it } from 'vitest'

import {
  codeProblem,
  suggestCountry,
  suggestCurrency,
  suggestLocale,
  suggestTimezone,
} from '../../src/check/codes.js'
import {
  isCanonicalTimezone,
  isCountryCode,
  isCurrencyCode,
  isDate,
  isDateTime,
  isEmail,
  isLocaleTag,
  isTimezone,
  isUri,
  timezoneAliasTarget,
} from '../../src/model/formats.js'

describe('code formats', () => {
  it.each([
    ['Europe/Berlin', true, true],
    ['America/Argentina/Buenos_Aires', true, true],
    ['Asia/Kolkata', true, true],
    ['UTC', true, true],
    ['Etc/UTC', true, true],
    ['US/Eastern', true, false],
    ['Asia/Calcutta', true, false],
    ['Europe/Kiev', true, false],
    ['Europe/Berln', false, false],
    ['berlin', false, false],
    ['', false, false],
  ])('time zone %s: valid %s, canonical %s', (name, valid, canonical) => {
    expect(isTimezone(name)).toBe(valid)
    expect(isCanonicalTimezone(name)).toBe(canonical)
  })

  it('names the zone a deprecated alias points to', () => {
    expect(timezoneAliasTarget('US/Eastern')).toBe('America/New_York')
    expect(timezoneAliasTarget('Europe/Kiev')).toBe('Europe/Kyiv')
    expect(timezoneAliasTarget('Europe/Berlin')).toBeUndefined()
    expect(timezoneAliasTarget('constructor')).toBeUndefined()
  })

  it.each([
    ['EUR', true], ['USD', true], ['CHF', true], ['eur', false], ['EURO', false], ['XYZ', false],
  ])('currency %s is %s', (code, valid) => {
    expect(isCurrencyCode(code)).toBe(valid)
  })

  it.each([
    ['DE', true], ['GB', true], ['US', true], ['UK', false], ['EU', false], ['ZZ', false],
    ['de', false], ['DEU', false],
  ])('country %s is %s', (code, valid) => {
    expect(isCountryCode(code)).toBe(valid)
  })

  it.each([
    ['de-DE', true], ['en', true], ['zh-Hant-TW', true], ['en-us', true], ['es-419', true],
    ['en_US', false], ['e', false], ['', false], ['de-', false], ['123', false],
  ])('locale tag %s is %s', (tag, valid) => {
    expect(isLocaleTag(tag)).toBe(valid)
  })

  it('checks dates, date-times, URIs and e-mail addresses without ajv-formats', () => {
    expect([isDate('2024-02-29'), isDate('2023-02-29'), isDate('2024-2-1')])
      .toEqual([true, false, false])
    expect([isDateTime('2025-03-14T09:26:53+01:00'), isDateTime('2025-03-14T09:26:53Z'),
      isDateTime('2025-03-14 09:26:53'), isDateTime('2025-03-14T25:00:00Z')])
      .toEqual([true, true, false, false])
    expect([isUri('https://oms.acme.example/admin'), isUri('oms.acme.example'), isUri('https://')])
      .toEqual([true, false, false])
    expect([isEmail('oms-eu@acme.example'), isEmail('oms-eu at acme'), isEmail('a@b')])
      .toEqual([true, false, false])
  })
})

describe('code suggestions', () => {
  it.each([
    ['Europe/Berln', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['Berlin', 'Europe/Berlin'],
    ['New York', 'America/New_York'],
    ['US/Eastern', 'America/New_York'],
    ['Mars/Olympus', undefined],
  ])('time zone %s suggests %s', (name, suggestion) => {
    expect(suggestTimezone(name)).toBe(suggestion)
  })

  it('suggests currencies, countries and locales only where the intent is clear', () => {
    expect([suggestCurrency('eur'), suggestCurrency('EUO'), suggestCurrency('QQQQQ')])
      .toEqual(['EUR', 'EUR', undefined])
    expect([suggestCountry('UK'), suggestCountry('de'), suggestCountry('DX')])
      .toEqual(['GB', 'DE', undefined])
    expect([suggestLocale('en_US'), suggestLocale('EN-gb'), suggestLocale('xx_!')])
      .toEqual(['en-US', 'en-GB', undefined])
  })

  it('words each code problem with its code system and a fallback hint', () => {
    expect(codeProblem('iso4217', 'QQQ')).toEqual({
      rule: 'code/currency',
      message: '"QQQ" is not an ISO 4217 currency code',
      hint: 'use three capital letters such as EUR or USD',
    })
    expect(codeProblem('iso3166-alpha2', 'UK').hint).toBe('did you mean "GB"?')
    expect(codeProblem('bcp47', 'en_GB').rule).toBe('code/locale')
    expect(codeProblem('iana-timezone', 'Europe/Berln').rule).toBe('code/timezone')
  })
})
