//! Runs the real Prisma CLI as a child process.
