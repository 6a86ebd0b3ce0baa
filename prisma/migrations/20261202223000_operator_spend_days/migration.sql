-- CreateTable
CREATE TABLE "operator_spend_days" (
    "day" DATE NOT NULL,
    "leased_micros" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "operator_spend_days_pkey" PRIMARY KEY ("day")
);
