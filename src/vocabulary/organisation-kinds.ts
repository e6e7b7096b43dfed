/**
 * Kinds of organisation that speak together (government, societies, hospitals, research, media):
 * values and Chinese labels. The database CHECK on `organisations.kind` is tested against this.
 */
export const organisationKinds = [
  "government",
  "academic_society",
  "medical",
  "research",
  "media",
  "coordinator",
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisationKindLabels: Record<OrganisationKind, string> = {
  government: "政府部门",
  academic_society: "学会协会",
  medical: "医疗机构",
  research: "科研机构",
  media: "媒体",
  coordinator: "协调机构",
};

/** The Chinese label of an organisation kind, or the value itself when it is not one. */
export function organisationKindLabel(value: string): string {
  return (organisationKindLabels as Record<string, string>)[value] ?? value;
}
