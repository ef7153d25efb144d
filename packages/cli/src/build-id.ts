// Which build of rollsafe is running: the bundle script defines __ROLLSAFE_BUILD__ as a hash of all
// the code that computes findings, so the lint cache never serves results of other code. Unbundled
// runs (tests against the sources, dist/main.js) have no build id and do not cache.
declare const __ROLLSAFE_BUILD__: string | undefined;

export const BUILD_ID: string | undefined = typeof __ROLLSAFE_BUILD__ === "string" ? __ROLLSAFE_BUILD__ : undefined;
