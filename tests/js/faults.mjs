// Make `licensemgr-mock server` throttle a checkout once, then refuse one, and see what the
// JavaScript SDK (v3) does with each. Prints what it saw as JSON.
import { randomUUID } from "node:crypto";
import {
  CheckoutLicenseCommand,
  LicenseManagerClient,
  NoEntitlementsAllowedException,
} from "@aws-sdk/client-license-manager";

const endpoint = process.env.LICENSEMGR_ENDPOINT || "http://localhost:5000";
const post = (path, body) =>
  fetch(`${endpoint}/licensemgr-mock/${path}`, { method: "POST", body: JSON.stringify(body) })
    .then((response) => response.json());

const seeded = await post("seed-license", {
  product_sku: "js-sku",
  entitlements: [{ Name: "Seats", Unit: "Count", MaxCount: 5 }],
});
const client = new LicenseManagerClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  maxAttempts: 3,
});
const checkout = () =>
  client.send(
    new CheckoutLicenseCommand({
      ProductSKU: "js-sku",
      CheckoutType: "PROVISIONAL",
      KeyFingerprint: seeded.key_fingerprint,
      Entitlements: [{ Name: "Seats", Unit: "Count", Value: "1" }],
      ClientToken: randomUUID(),
    }),
  );

// Throttled once: the SDK retries, and the second attempt checks out.
const throttling = await post("faults", {
  operation: "CheckoutLicense",
  error: "ThrottlingException",
  times: 1,
});
const retried = await checkout();

// A refusal is not retried: the first answer is the SDK's modeled exception.
await post("faults", { operation: "CheckoutLicense", error: "NoEntitlementsAllowedException" });
let refused;
try {
  await checkout();
} catch (error) {
  refused = {
    name: error.name,
    modeled: error instanceof NoEntitlementsAllowedException,
    attempts: error.$metadata.attempts,
  };
}

const { faults } = await fetch(`${endpoint}/licensemgr-mock/faults`).then((r) => r.json());
await fetch(`${endpoint}/licensemgr-mock/faults`, { method: "DELETE" }); // every fault ends

console.log(
  JSON.stringify({
    throttling: throttling.id,
    retried: { arn: retried.LicenseArn, attempts: retried.$metadata.attempts },
    refused,
    faults,
  }),
);
