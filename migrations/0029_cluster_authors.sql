-- The distinct authors of each coordination group, one row per group and author: the coordination stage adds a batch's
-- new members' authors here and counts the rows it inserted, instead of counting every member of a touched group again
-- (a group grows batch after batch: counting it whole each time read all its members per batch).
CREATE TABLE IF NOT EXISTS "cluster_authors" (
	"cluster_id" bigint NOT NULL,
	"author_pseudonym" text NOT NULL,
	CONSTRAINT "cluster_authors_pkey" PRIMARY KEY("cluster_id","author_pseudonym"),
	CONSTRAINT "cluster_authors_cluster_id_coordination_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."coordination_clusters"("id") ON DELETE cascade ON UPDATE no action
);
--> statement-breakpoint
INSERT INTO "cluster_authors" ("cluster_id", "author_pseudonym")
SELECT DISTINCT pc.cluster_id, p.author_pseudonym FROM post_clusters pc JOIN posts p ON p.id = pc.post_id
ON CONFLICT DO NOTHING;
