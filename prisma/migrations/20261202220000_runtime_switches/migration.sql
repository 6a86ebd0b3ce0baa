-- CreateTable
CREATE TABLE "runtime_switches" (
    "key" TEXT NOT NULL,
    "on" BOOLEAN NOT NULL,
    "updated_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "runtime_switches_pkey" PRIMARY KEY ("key")
);
