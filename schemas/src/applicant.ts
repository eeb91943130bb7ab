import { z } from 'zod';
import { residentIdSchema } from './resident-id.ts';

export const applicantFlagSchema = z.enum([
  'elderly', // 高龄/老年人
  'disabled', // 残疾人
  'five_guarantee', // 五保/特困
  'minimum_living', // 低保
  'migrant', // 外出务工
]);
export type ApplicantFlag = z.infer<typeof applicantFlagSchema>;

/** Mobile (11 digits, starting 1) or landline with area code (0xxx-xxxxxxx). */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确');

/** A villager (办事群众), registered once and reused across cases. */
export const applicantSchema = z.object({
  id: z.uuid(),
  villageId: z.string().min(1),
  name: z.string().trim().min(1, '请填写姓名').max(40),
  idNumber: residentIdSchema,
  phone: phoneSchema.optional(),
  group: z.string().trim().max(20).optional(),
  flags: z.array(applicantFlagSchema).max(5),
  createdAt: z.iso.datetime(),
});
export type Applicant = z.infer<typeof applicantSchema>;
