import { defineConfig } from "prisma/config";

// Written by schemata. DATABASE_URL is read when a command needs the database
// (migrate, db push); format, validate and generate work without it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    url: process.env.DATABASE_URL,
  },
});
