import { serviceItemSchema, villageSchema } from '@daiban/schemas';
import { describe, expect, it } from 'vitest';
import { demoCatalog } from './demo-catalog.ts';
import { demoStaff, demoTownship, demoVillages } from './demo-township.ts';

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

describe('demo township', () => {
  it('has a township phone and address', () => {
    expect(demoTownship.phone).toMatch(/^0737-\d{7}$/);
    expect(demoTownship.address.length).toBeGreaterThan(0);
  });

  it('has valid, unique village codes', () => {
    const codes = demoVillages.map((v) => v.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const v of demoVillages) {
      expect(villageSchema.shape.code.safeParse(v.code).success, v.code).toBe(true);
      expect(v.name).toMatch(/(村|社区)$/);
    }
  });

  it('has unique usernames and valid mobile numbers', () => {
    const people = [...demoVillages.map((v) => v.agent), ...demoStaff];
    const usernames = people.map((p) => p.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const p of people) {
      expect(p.username).toMatch(/^[a-z0-9-]+$/);
      expect(p.phone, p.username).toMatch(MOBILE);
    }
  });

  it('has one supervisor and one admin', () => {
    expect(demoStaff.filter((s) => s.role === 'supervisor')).toHaveLength(1);
    expect(demoStaff.filter((s) => s.role === 'admin')).toHaveLength(1);
  });
});
