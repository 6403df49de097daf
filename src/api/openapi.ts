// The read API described as OpenAPI 3.1, served at /api/v1/openapi.json; the tests validate every response
// against it. JSON Schema 2020-12 throughout (OpenAPI 3.1's own dialect).
import { CRITERION_IDS } from "../domain/rubric.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  "400": json(ref("Error"), "A malformed cursor, limit, id or %-escape in the path"),
  "401": json(ref("Error"), "No token, or one that is wrong or revoked"),
  "429": {
    ...json(ref("Error"), "More than 20 requests a second with this token"),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } },
  },
};
const cursor = {
  name: "cursor",
  in: "query",
  required: false,
  description: "The `nextCursor` of the previous page",
  schema: { type: "string" },
};
const limit = {
  name: "limit",
  in: "query",
  required: false,
  description: "Items per page, 1 to 200 (default 200)",
  schema: { type: "integer", minimum: 1, maximum: 200 },
};
const teamId = {
  name: "id",
  in: "path",
  required: true,
  description: "The team's id (a number)",
  schema: { type: "integer" },
};
const page = (item: string) => ({
  type: "object",
  required: ["items", "nextCursor"],
  additionalProperties: false,
  properties: {
    items: { type: "array", items: ref(item), maxItems: 200 },
    nextCursor: { type: ["string", "null"] },
  },
});
const level = { type: ["integer", "null"], minimum: 0, maximum: 4 };
const criterion = { type: "string", enum: [...CRITERION_IDS] };
const criteria = { type: "array", items: criterion };
const teamRef = {
  type: "object",
  required: ["id", "name", "channelId"],
  properties: { id: { type: "integer" }, name: { type: "string" }, channelId: { type: "string" } },
};

const team = {
  type: "object",
  required: ["id", "name", "channelId", "workspaceId", "level", "next", "notApplicable", "leftOutByEvidence"],
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    channelId: { type: "string", description: "The Slack channel the team is set up in" },
    workspaceId: { type: "string" },
    level: {
      ...level,
      description:
        "From the latest round with answers, as the workspace's evidence policy counts it (under strict, without leftOutByEvidence); null before any",
    },
    next: { anyOf: [criterion, { type: "null" }], description: "The next prerequisite; null at level 4" },
    notApplicable: criteria,
    leftOutByEvidence: {
      ...criteria,
      description:
        "Under the strict evidence policy: practices the team says are in place that evidence disputes, which the level does not count; empty otherwise",
    },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
  info: {
    title: "MLOps maturity bot: read API",
    version: "1.0.0",
    description:
      "Teams, their levels and history, and groups of teams, of one workspace (or one Enterprise Grid organisation). Read-only.",
  },
  security: [{ bearer: [] }],
  paths: {
    "/api/v1/teams": {
      get: {
        summary: "Every team, by id",
        parameters: [cursor, limit],
        responses: { "200": json(page("Team"), "A page of teams"), ...errors },
      },
    },
    "/api/v1/teams/{id}": {
      get: {
        summary: "One team, with its latest round with answers",
        parameters: [teamId],
        responses: {
          "200": json(ref("TeamDetail"), "The team"),
          "404": json(ref("Error"), "No such team in this token's scope"),
          ...errors,
        },
      },
    },
    "/api/v1/teams/{id}/history": {
      get: {
        summary: "The team's closed rounds, newest first",
        parameters: [teamId, cursor, limit],
        responses: {
          "200": json(page("Round"), "A page of closed rounds"),
          "404": json(ref("Error"), "No such team in this token's scope"),
          ...errors,
        },
      },
    },
    "/api/v1/groups": {
      get: {
        summary: "Every group of teams, by id",
        parameters: [cursor, limit],
        responses: { "200": json(page("Group"), "A page of groups"), ...errors },
      },
    },
    "/api/v1/groups/{name}": {
      get: {
        summary: "One group's roll-up (its name in any case)",
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": json(ref("GroupDetail"), "The group's roll-up from its teams' closed rounds"),
          "404": json(ref("Error"), "No such group in this token's scope"),
          ...errors,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        summary: "This document",
        security: [],
        responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description: "A token from `npm run mlops -- api-token create`",
      },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error", "message"],
        properties: { error: { type: "string" }, message: { type: "string" } },
      },
      Team: team,
      TeamDetail: {
        allOf: [
          team,
          {
            type: "object",
            required: ["round", "inPlace", "disputed", "groups"],
            properties: {
              round: {
                type: ["object", "null"],
                required: ["period", "respondents"],
                properties: { period: { type: "string", format: "date" }, respondents: { type: "integer" } },
              },
              inPlace: criteria,
              disputed: criteria,
              groups: { type: "array", items: { type: "string" } },
            },
          },
        ],
      },
      Round: {
        type: "object",
        required: ["period", "closedAt", "level", "answered", "expected", "inPlace", "lost"],
        properties: {
          period: { type: "string", format: "date", description: "The round's first day" },
          closedAt: { type: "string", format: "date-time" },
          level,
          answered: { type: "integer" },
          expected: { type: "integer" },
          inPlace: criteria,
          lost: { ...criteria, description: "Practices the latest earlier round with answers counted" },
        },
      },
      Group: {
        type: "object",
        required: ["name", "workspaceId", "teams"],
        properties: { name: { type: "string" }, workspaceId: { type: "string" }, teams: { type: "integer" } },
      },
      GroupDetail: {
        type: "object",
        required: [
          "name",
          "workspaceId",
          "teams",
          "perLevel",
          "unassessed",
          "median",
          "movers",
          "lostPractice",
          "commonNext",
          "missed",
          "participation",
          "strictEvidencePolicy",
        ],
        properties: {
          name: { type: "string" },
          workspaceId: { type: "string" },
          teams: { type: "integer" },
          perLevel: { type: "array", items: { type: "integer" }, minItems: 5, maxItems: 5 },
          strictEvidencePolicy: {
            type: "boolean",
            description:
              "True when levels here (perLevel, median, movers, commonNext) are counted under the strict evidence policy: each judged round without the practices evidence disputed at its end",
          },
          unassessed: { type: "integer" },
          median: level,
          movers: {
            type: "array",
            items: {
              allOf: [
                teamRef,
                { type: "object", required: ["from", "to"], properties: { from: level, to: level } },
              ],
            },
          },
          lostPractice: {
            type: "array",
            items: {
              allOf: [teamRef, { type: "object", required: ["lost"], properties: { lost: criteria } }],
            },
          },
          commonNext: {
            type: "array",
            items: {
              type: "object",
              required: ["criterion", "teams"],
              properties: { criterion, teams: { type: "integer" } },
            },
          },
          missed: { type: "array", items: teamRef },
          participation: {
            type: "object",
            required: ["answered", "expected", "teamsAnswered", "teamsAsked"],
            properties: {
              answered: { type: "integer" },
              expected: { type: "integer" },
              teamsAnswered: { type: "integer" },
              teamsAsked: { type: "integer" },
            },
          },
        },
      },
    },
  },
} as const;
