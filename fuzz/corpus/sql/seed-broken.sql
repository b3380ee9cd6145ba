-- A schema with mistakes: each is reported where it is, and the rest is still read.
CREATE TABLE users (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE
);

This line is prose that someone pasted into the file;

CREATE TABLE teams (
    id serial PRIMARY KEY,
    name text NOT NULL,,
    owner_id integer
);

CREATE TABLE members (
    user_id integer NOT NULL REFERENCES users (id),
    team_id integer NOT NULL REFERENCES teams (id),
    PRIMARY KEY (user_id, team_id)
);

ALTER TABLE ONLY public.ghosts ADD CONSTRAINT ghosts_pkey PRIMARY KEY (id);

CREATE FUNCTION public.broken() RETURNS integer LANGUAGE sql AS $body$ SELECT 1;
