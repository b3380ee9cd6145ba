//! Reader for `.prisma` files (stub; being written).
