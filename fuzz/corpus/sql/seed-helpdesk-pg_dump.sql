--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: TenantPlan; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public."TenantPlan" AS ENUM (
    'free',
    'team',
    'business'
);


--
-- Name: TicketPriority; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public."TicketPriority" AS ENUM (
    'low',
    'normal',
    'urgent'
);


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: agents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agents (
    id uuid NOT NULL,
    "tenantId" uuid NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    "hourlyRate" numeric(65,30),
    "deletedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL,
    CONSTRAINT "agents_hourlyRate_check" CHECK (("hourlyRate" >= (0)::numeric))
);

ALTER TABLE ONLY public.agents FORCE ROW LEVEL SECURITY;


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id uuid NOT NULL,
    name text NOT NULL,
    plan public."TenantPlan" DEFAULT 'free'::public."TenantPlan" NOT NULL,
    "deletedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


--
-- Name: tickets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tickets (
    id uuid NOT NULL,
    "tenantId" uuid NOT NULL,
    "assigneeId" uuid,
    subject text NOT NULL,
    body text NOT NULL,
    channel text NOT NULL,
    metadata jsonb,
    "openedAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "dueAt" timestamp(3) without time zone,
    priority public."TicketPriority" DEFAULT 'normal'::public."TicketPriority" NOT NULL,
    "deletedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, ((COALESCE(subject, ''::text) || ' '::text) || COALESCE(body, ''::text)))) STORED,
    CONSTRAINT tickets_channel_allowed CHECK ((channel = ANY (ARRAY['email'::text, 'chat'::text, 'phone'::text]))),
    CONSTRAINT "tickets_openedAt_before_dueAt" CHECK (("openedAt" < "dueAt"))
);

ALTER TABLE ONLY public.tickets FORCE ROW LEVEL SECURITY;


--
-- Name: time_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.time_entries (
    id uuid NOT NULL,
    "tenantId" uuid NOT NULL,
    "ticketId" uuid NOT NULL,
    "agentId" uuid NOT NULL,
    minutes integer NOT NULL,
    "startedAt" timestamp(3) without time zone NOT NULL,
    "endedAt" timestamp(3) without time zone NOT NULL,
    "deletedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL,
    CONSTRAINT time_entries_minutes_check CHECK ((minutes > 0)),
    CONSTRAINT "time_entries_startedAt_before_endedAt" CHECK (("startedAt" < "endedAt"))
);

ALTER TABLE ONLY public.time_entries FORCE ROW LEVEL SECURITY;


--
-- Name: agents agents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agents
    ADD CONSTRAINT agents_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);


--
-- Name: time_entries time_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_entries
    ADD CONSTRAINT time_entries_pkey PRIMARY KEY (id);


--
-- Name: agents_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX agents_email_key ON public.agents USING btree (email);


--
-- Name: agents_live_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agents_live_idx ON public.agents USING btree ("tenantId") WHERE ("deletedAt" IS NULL);


--
-- Name: agents_tenantId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "agents_tenantId_idx" ON public.agents USING btree ("tenantId");


--
-- Name: tickets_assigneeId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "tickets_assigneeId_idx" ON public.tickets USING btree ("assigneeId");


--
-- Name: tickets_live_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_live_idx ON public.tickets USING btree ("tenantId") WHERE ("deletedAt" IS NULL);


--
-- Name: tickets_metadata_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_metadata_idx ON public.tickets USING gin (metadata jsonb_path_ops);


--
-- Name: tickets_search_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_search_idx ON public.tickets USING gin (search_vector);


--
-- Name: tickets_tenantId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "tickets_tenantId_idx" ON public.tickets USING btree ("tenantId");


--
-- Name: time_entries_agentId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "time_entries_agentId_idx" ON public.time_entries USING btree ("agentId");


--
-- Name: time_entries_live_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX time_entries_live_idx ON public.time_entries USING btree ("tenantId") WHERE ("deletedAt" IS NULL);


--
-- Name: time_entries_tenantId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "time_entries_tenantId_idx" ON public.time_entries USING btree ("tenantId");


--
-- Name: time_entries_ticketId_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "time_entries_ticketId_idx" ON public.time_entries USING btree ("ticketId");


--
-- Name: agents agents_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agents
    ADD CONSTRAINT "agents_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public.tenants(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: tickets tickets_assigneeId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT "tickets_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES public.agents(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- Name: tickets tickets_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT "tickets_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public.tenants(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: time_entries time_entries_agentId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_entries
    ADD CONSTRAINT "time_entries_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES public.agents(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: time_entries time_entries_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_entries
    ADD CONSTRAINT "time_entries_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public.tenants(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: time_entries time_entries_ticketId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.time_entries
    ADD CONSTRAINT "time_entries_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES public.tickets(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: agents; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.agents ENABLE ROW LEVEL SECURITY;

--
-- Name: agents agents_tenant_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agents_tenant_delete ON public.agents FOR DELETE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: agents agents_tenant_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agents_tenant_insert ON public.agents FOR INSERT WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: agents agents_tenant_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agents_tenant_select ON public.agents FOR SELECT USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: agents agents_tenant_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agents_tenant_update ON public.agents FOR UPDATE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)) WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: tickets; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tickets ENABLE ROW LEVEL SECURITY;

--
-- Name: tickets tickets_tenant_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tickets_tenant_delete ON public.tickets FOR DELETE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: tickets tickets_tenant_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tickets_tenant_insert ON public.tickets FOR INSERT WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: tickets tickets_tenant_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tickets_tenant_select ON public.tickets FOR SELECT USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: tickets tickets_tenant_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tickets_tenant_update ON public.tickets FOR UPDATE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)) WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: time_entries; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.time_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: time_entries time_entries_tenant_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY time_entries_tenant_delete ON public.time_entries FOR DELETE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: time_entries time_entries_tenant_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY time_entries_tenant_insert ON public.time_entries FOR INSERT WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: time_entries time_entries_tenant_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY time_entries_tenant_select ON public.time_entries FOR SELECT USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- Name: time_entries time_entries_tenant_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY time_entries_tenant_update ON public.time_entries FOR UPDATE USING (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)) WITH CHECK (("tenantId" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));


--
-- PostgreSQL database dump complete
--


