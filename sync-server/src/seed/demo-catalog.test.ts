import { serviceItemSchema, usernameSchema, villageSchema } from '@daiban/schemas';
import { describe, expect, it } from 'vitest';
import { demoCatalog } from './demo-catalog.ts';
import { demoCountyAdmin, demoTownships } from './demo-township.ts';

const MOBILE = /^1[3-9]\d{9}$/;

describe('demo catalog', () => {
  it('has at least 20 items', () => {
    expect(demoCatalog.length).toBeGreaterThanOrEqual(20);
  });

  it('every item parses as a published service item', () => {
    for (const item of demoCatalog) {
      const result = serviceItemSchema.safeParse({
        ...item,
        version: 1,
        publishedAt: '2024-01-01T00:00:00.000Z',
      });
      expect(result.success, `${item.code}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('has unique codes', () => {
    const codes = demoCatalog.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives every item materials with unique keys', () => {
    for (const item of demoCatalog) {
      expect(item.materials.length, item.code).toBeGreaterThan(0);
      const keys = item.materials.map((m) => m.key);
      expect(new Set(keys).size, item.code).toBe(keys.length);
    }
  });

  it('covers both village-handled and township-proxied items', () => {
    const handling = new Set(demoCatalog.map((item) => item.handling));
    expect(handling).toEqual(new Set(['village', 'township']));
  });
});

describe('demo county', () => {
  const villages = demoTownships.flatMap((t) => t.villages);

  it('has two townships, each with a phone, an address, one supervisor and one admin', () => {
    expect(demoTownships.map((t) => t.name)).toEqual(['千山红镇', '新安镇']);
    for (const t of demoTownships) {
      expect(t.phone).toMatch(/^0737-\d{7}$/);
      expect(t.address.length).toBeGreaterThan(0);
      expect(
        t.staff.filter((s) => s.role === 'supervisor'),
        t.name,
      ).toHaveLength(1);
      expect(
        t.staff.filter((s) => s.role === 'admin'),
        t.name,
      ).toHaveLength(1);
    }
  });

  it('has valid village codes, unique across the county', () => {
    const codes = villages.map((v) => v.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const v of villages) {
      expect(villageSchema.shape.code.safeParse(v.code).success, v.code).toBe(true);
      expect(v.name).toMatch(/(村|社区)$/);
    }
  });

  it('has unique usernames and valid mobile numbers', () => {
    const people = [demoCountyAdmin, ...villages.flatMap((v) => [v.agent, v.backup]), ...demoTownships.flatMap((t) => t.staff)];
    const usernames = people.map((p) => p.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const p of people) {
      expect(usernameSchema.safeParse(p.username).success, p.username).toBe(true);
      expect(p.phone, p.username).toMatch(MOBILE);
    }
  });
});
