// Who runs this deployment, for the Terms, Privacy and Contact pages. Fill these
// in (and the page texts in app/terms, app/privacy, app/contact) before launch:
// until then every page says plainly that it is a placeholder.
export const OPERATOR = {
  /** Legal name of the business offering the service. */
  name: "[Operator name]",
  /** Where customers write for support, billing and privacy requests. */
  email: "[support@example.com]",
  /** Postal address, required in many countries for a paid online service. */
  address: "[Postal address]",
  /** Law and courts that govern the terms. */
  jurisdiction: "[Country or state]",
  /** Date the current texts took effect. */
  effective: "[Date]",
};
