// The roles the seed names, asked once per person and remembered per workspace (people.role).

export const ROLES = [
  "data_scientist",
  "data_engineer",
  "software_engineer",
  "ml_engineer",
  "other",
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  data_scientist: "Data scientist",
  data_engineer: "Data engineer",
  software_engineer: "Software engineer",
  ml_engineer: "ML engineer",
  other: "Other",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
