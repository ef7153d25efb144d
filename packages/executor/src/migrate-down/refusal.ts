/** migrate-down will not run this step (nothing was changed): recorded as `refused`, exit 1. */
export class MigrateDownRefusal extends Error {
  override name = "MigrateDownRefusal";
}
