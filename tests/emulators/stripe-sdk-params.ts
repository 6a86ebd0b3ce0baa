// Reads, with the TypeScript compiler, the top-level parameter names of the
// installed stripe SDK's *Params type for each endpoint the emulator serves.
import path from "node:path";
import ts from "typescript";

const PARAMS_TYPE: Record<string, string> = {
  "POST /v1/products": "ProductCreateParams",
  "GET /v1/products": "ProductListParams",
  "GET /v1/products/:id": "ProductRetrieveParams",
  "POST /v1/products/:id": "ProductUpdateParams",
  "POST /v1/prices": "PriceCreateParams",
  "GET /v1/prices": "PriceListParams",
  "GET /v1/prices/:id": "PriceRetrieveParams",
  "POST /v1/prices/:id": "PriceUpdateParams",
  "POST /v1/checkout/sessions": "Checkout.SessionCreateParams",
  "GET /v1/checkout/sessions": "Checkout.SessionListParams",
  "GET /v1/checkout/sessions/:id": "Checkout.SessionRetrieveParams",
  "GET /v1/checkout/sessions/:id/line_items": "Checkout.SessionListLineItemsParams",
  "POST /v1/checkout/sessions/:id/expire": "Checkout.SessionExpireParams",
  "POST /v1/billing_portal/sessions": "BillingPortal.SessionCreateParams",
  "POST /v1/customers": "CustomerCreateParams",
  "GET /v1/customers": "CustomerListParams",
  "GET /v1/customers/search": "CustomerSearchParams",
  "GET /v1/customers/:id": "CustomerRetrieveParams",
  "POST /v1/customers/:id": "CustomerUpdateParams",
  "DELETE /v1/customers/:id": "CustomerDeleteParams",
  "GET /v1/invoices": "InvoiceListParams",
  "GET /v1/invoices/:id": "InvoiceRetrieveParams",
  "GET /v1/invoices/:id/lines": "InvoiceListLineItemsParams",
  "GET /v1/events": "EventListParams",
  "GET /v1/events/:id": "EventRetrieveParams",
  "GET /v1/subscriptions": "SubscriptionListParams",
  "POST /v1/subscriptions": "SubscriptionCreateParams",
  "GET /v1/subscriptions/:id": "SubscriptionRetrieveParams",
  "POST /v1/subscriptions/:id": "SubscriptionUpdateParams",
  "DELETE /v1/subscriptions/:id": "SubscriptionCancelParams",
  "POST /v1/subscriptions/:id/pause": "SubscriptionPauseParams",
  "POST /v1/subscriptions/:id/resume": "SubscriptionResumeParams",
  "GET /v1/subscription_items": "SubscriptionItemListParams",
};

/** Endpoint (`POST /v1/customers`) → its parameter names, sorted. */
export function sdkParamNames(): Record<string, string[]> {
  const endpoints = Object.keys(PARAMS_TYPE);
  const probe = path.join(process.cwd(), "stripe-params-probe.ts");
  const source = [
    `import type Stripe from "stripe";`,
    ...endpoints.map((endpoint, i) => `export type T${i} = Stripe.${PARAMS_TYPE[endpoint]};`),
  ].join("\n");
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === probe ? ts.createSourceFile(file, source, language) : read(file, language, ...rest);
  const program = ts.createProgram(
    [probe],
    { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, types: [] },
    host,
  );
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe)!;
  const aliases = file.statements.filter(ts.isTypeAliasDeclaration);
  const result: Record<string, string[]> = {};
  endpoints.forEach((endpoint, i) => {
    const type = checker.getTypeAtLocation(aliases[i].name);
    result[endpoint] = checker
      .getPropertiesOfType(type)
      .map((property) => property.name)
      .sort();
  });
  // An unresolved type reads as no properties at all: fail loudly rather than compare empties.
  if (!result["POST /v1/customers"].includes("email")) throw new Error("The stripe SDK's types could not be read");
  return result;
}
