// Every read-API response checked against the OpenAPI 3.1 document the bot serves, with ajv's JSON Schema
// 2020-12 validator (OpenAPI 3.1's dialect): a response the document does not describe fails the test.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import { OPENAPI_DOCUMENT } from "../../src/api/openapi.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its function is the module's default export's default.
addFormatsModule.default(ajv);
ajv.addSchema({ ...OPENAPI_DOCUMENT, $id: "mlops-api" });

const pointer = (part: string) => encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1"));

/** The response's JSON, once it matches what the document says `path` (a template) answers with `status`. */
export async function described(res: Response, path: string, status: number): Promise<unknown> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body: unknown = await res.json();
  const at = ["paths", path, "get", "responses", String(status), "content", "application/json", "schema"];
  const validate = ajv.compile({ $ref: `mlops-api#/${at.map(pointer).join("/")}` });
  if (!validate(body))
    throw new Error(`${path} ${status} breaks the OpenAPI document: ${ajv.errorsText(validate.errors)}`);
  return body;
}
