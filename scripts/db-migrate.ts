// npm run db:migrate - applies committed migrations to DATABASE_URL (what the
// Cloud Run migrate job runs). Never runs at request time.
import { migrateDeploy } from "../lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm run dev migrates its embedded database by itself.)");
  process.exit(2);
}
migrateDeploy(url)
  .then((out) => console.log(out.trim()))
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
