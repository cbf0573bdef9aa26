ALTER TABLE "production_job" ADD COLUMN "risk_reported_at" timestamp with time zone;--> statement-breakpoint
-- Hand-added: a workshop's update re-forecasts its jobs, and a job that stops being at risk is
-- forgotten by the digest (so a relapse is reported again). Runs twice without error.
GRANT UPDATE (risk_reported_at) ON production_job TO bezel_vendor;
