// Generated from the API's OpenAPI document by openapi-typescript: do not edit; run `pnpm --filter @pantau/api openapi`.

export interface paths {
    "/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How people can sign in here: password, and single sign-on when configured */
        get: operations["getSignInProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a user name and password: sets the session cookie and answers the CSRF token */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in (session or API key), with the role, scopes and the CSRF token of a session */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session and clear its cookie */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-out-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of the signed-in user (or of the key's owner) */
        post: operations["signOutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user with role and state */
        get: operations["listUsers"];
        put?: never;
        /** Create a user who signs in with a password */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role, or disable (enable) them: disabling ends their sessions and stops their API keys at once */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a user's password: their sessions end and the lockout of their name is lifted */
        post: operations["resetUserPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database reachable, model loaded, audit log not overflowing */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sentiment per day (or week) with Wilson 95% intervals */
        get: operations["getSentiment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sentiment per day (or week) with Wilson 95% intervals */
        get: operations["getSentimentDaily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Emotions (anger, fear, happy, love, sadness) per day (or week) with Wilson 95% intervals */
        get: operations["getEmotions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keywords/top": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top keywords with change versus the previous period and their sentiment mix */
        get: operations["getTopKeywords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keywords/{term}/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One keyword per day or week with its sentiment mix (the term is normalized and stemmed as keywords are) */
        get: operations["getKeywordSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/volume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts, distinct author pseudonyms and engagement sums per day or week */
        get: operations["getVolume"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/mentions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The posts behind the aggregates: pseudonymized author, text, label, probabilities, url, engagement
         * @description Pages by `nextCursor` (keyset, in the order of `sort`). `total` is exact: from the daily rollups unless a topic and a keyword are combined. With `format=csv` or `Accept: text/csv` the answer is a CSV file of the filter's posts in the same order (at most 10,000; header `X-Pantau-Truncated: true` when cut, `X-Pantau-Total` the total), the text as stored (redacted; empty after retention), each export recorded in the audit log.
         */
        get: operations["getMentions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ratings/agreement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per app, agreement between reviewers' stars and the model's labels of the same reviews (a weak in-domain check) */
        get: operations["getRatingAgreement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Collector runs in a window and, per connector, query and day: ok, partial, failed, empty or not_run (a gap, not a zero) */
        get: operations["getCoverage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The active model's manifest
         * @description `heads` names the emotion head and the regional-language head of the same folder (version, languages, held-out figures). `evaluation` holds the held-out benchmark figures (`heldOut: true`, `role`, dataset, n, macro-F1 with its bootstrap 95% interval, ECE, abstain rate); `development` the dev-split figures that chose temperature, threshold and hyper-parameters; `choices` which set chose what.
         */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/methodology": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How every figure is produced: method, model, interval method, caveats */
        get: operations["getMethodology"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List topics */
        get: operations["listTopics"];
        put?: never;
        /**
         * Create a topic; stored posts are back-filled in the background
         * @description Names are unique without regard to case: a name already taken is a 409 CONFLICT naming `name`.
         */
        post: operations["createTopic"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a topic query would match in a window, before it is saved: count and the newest matching posts
         * @description Nothing is stored. A query that does not parse is a 400 INVALID_QUERY with `parameter: "query"` and, in `details`, the `position` and the text there (`near`).
         */
        get: operations["previewTopic"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One topic with its back-fill progress */
        get: operations["getTopic"];
        put?: never;
        post?: never;
        /** Delete a topic and its matches */
        delete: operations["deleteTopic"];
        options?: never;
        head?: never;
        /** Rename or re-query a topic (a new query re-runs the back-fill) */
        patch: operations["updateTopic"];
        trace?: never;
    };
    "/v1/authors/{pseudonym}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete all posts of an author pseudonym and everything derived from them, adjust the daily rollups, record an audit row */
        delete: operations["deleteAuthor"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List labelling tasks, newest first */
        get: operations["listAnnotationTasks"];
        put?: never;
        /** Create a labelling task: a seeded simple random sample of the posts of a window (and topic), drawn once */
        post: operations["createAnnotationTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task's progress, agreement (Krippendorff's alpha), disagreements and the model's in-domain evaluation */
        get: operations["getAnnotationTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sampled posts the requesting key has not labelled yet, in sample order (the model label hidden unless asked) */
        get: operations["getAnnotationItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks/{id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Label sampled posts as the requesting key: { postId, label } or { labels: [...] }; relabelling keeps the revision */
        post: operations["labelPosts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks/{id}/disagreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sampled posts whose annotators disagree and that are not adjudicated yet, with their labels */
        get: operations["getDisagreements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotation/tasks/{id}/adjudications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the gold label of a sampled post (settles a disagreement) */
        post: operations["adjudicate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored daily reports, newest first */
        get: operations["listReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/daily/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The daily keyword monitoring report (Accept: application/json, text/markdown, text/html or application/pdf, or `format`); built and stored on first request */
        get: operations["getDailyReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One day's summary (all platforms, or one): posts and net sentiment against the day before and the same weekday, the spikes as stories with example posts, the coverage gaps, and the report's three headlines */
        get: operations["getDaySummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/coordination/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coordinated clusters (near-identical text or one link from at least k authors within w) with their posts */
        get: operations["getCoordinatedClusters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/repeated-texts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Near-identical texts of a window grouped with their post and author counts, flagged when the repeated-text rule holds */
        get: operations["getRepeatedTexts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts newest first, with the state of every delivery (pending, sent, failed and why) */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert rules */
        get: operations["listAlertRules"];
        put?: never;
        /** Create an alert rule */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an alert rule with its alerts */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        /** Change an alert rule (channels are replaced as a whole) */
        patch: operations["updateAlertRule"];
        trace?: never;
    };
    "/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a file the dashboard made in the browser (CSV, PNG, SVG) in the audit log
         * @description The file itself is made by the browser from answers the signed-in user already read; this call writes the export row (who, what, topic, window). A client that skips the call can still save what it read: the request rows of those reads stay in the log.
         */
        post: operations["recordExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's morning-brief subscriptions with each one's latest delivery (sent, or failed and why), and their address and language */
        get: operations["listSubscriptions"];
        put?: never;
        /** Subscribe to the morning brief (all posts or one topic) by e-mail to the caller's address or by signed webhook; it is sent once per report day from the next report on */
        post: operations["createSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set the caller's address for e-mailed briefs and their language (null: the deployment default) */
        patch: operations["updateSubscriptionProfile"];
        trace?: never;
    };
    "/v1/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unsubscribe: the subscription and its delivery history are deleted */
        delete: operations["deleteSubscription"];
        options?: never;
        head?: never;
        /** Pause or resume a subscription (a resumed one gets the next report on), or change its topic, language or webhook */
        patch: operations["updateSubscription"];
        trace?: never;
    };
    "/v1/subscriptions/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscription's briefs, newest report day first, with each one's state (pending, sent, failed and why) */
        get: operations["listSubscriptionDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit public posts (author handles are pseudonymized on arrival and never stored) */
        post: operations["submitPosts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description How every number in `data` was produced */
        Disclosure: {
            /** @description The active model with its held-out benchmark figures, and the model versions behind the counted posts */
            model: {
                /** @description Model name */
                name: string;
                /** @description Model version of the active model (the one that labels new posts) */
                version: string;
                /** @description sha256 of the model weights */
                sha256: string;
                /** @description Inference backend that ran the model (tensorflow, wasm or cpu) */
                backend: string;
                /** @description True for the keyword-list stand-in used before a model is trained */
                placeholder: boolean;
                /** @description When the model was trained (ISO 8601); null for the placeholder */
                trainedAt: string | null;
                /** @description Held-out benchmark figures from the manifest written by training */
                evaluation: {
                    /** @description Name of the labelled set, e.g. smsa-valid */
                    dataset: string;
                    /** @description Rows scored */
                    n: number;
                    /** @description Macro-averaged F1 over the classes */
                    macroF1: number;
                    /** @description True when scored on negative versus positive only */
                    binary: boolean;
                    /** @description Seeded bootstrap 95% interval of the macro-F1: [low, high] */
                    macroF1CI?: number[];
                    /** @description Expected calibration error (15 bins) */
                    ece?: number;
                    /** @description Share of the rows labelled uncertain */
                    abstainRate?: number;
                    /** @description True when the set chose nothing (no hyper-parameter, temperature or threshold) */
                    heldOut?: boolean;
                    /** @description What the figure is, e.g. held-out benchmark */
                    role?: string;
                    /** @description The file scored, relative to the shared data folder */
                    file?: string;
                }[];
                /** @description The model versions behind the window's counted posts with their post counts, sorted by version: one entry in the normal case, more when the window holds posts labelled before a model change and not relabelled since (`pantau reanalyze`); each post counts once, under the version that labelled it last */
                versions: {
                    /** @description A model version */
                    version: string;
                    /** @description Counted posts of the window whose current label this version gave */
                    posts: number;
                }[];
            };
            /** @description How each figure is produced, in words */
            method: {
                /** @description How a post gets its sentiment label */
                label: string;
                /** @description When a post is labelled uncertain and how such posts are counted */
                abstainRule: string;
                /** @description How a keyword is formed and counted */
                keywordRule: string;
                /** @description When a keyword is reported as a spike */
                spikeRule: string;
                /**
                 * @description The time zone every day is counted in
                 * @enum {string}
                 */
                timeZone: "Asia/Jakarta";
            };
            /** @description The window the figures cover */
            window: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to: string;
                /** @description day or week */
                granularity: string;
                /** @description Only posts of this platform (absent: all platforms) */
                platform?: string;
            };
            /** @description Counted and excluded posts behind the figures */
            population: {
                /** @description Posts counted in the figures (uncertain ones included) */
                postsCounted: number;
                /** @description Posts left out of the figures, by reason (e.g. uncertain: left out of the class shares; coordinated) */
                excluded: {
                    [key: string]: number;
                };
                /** @description Counted posts with personal data redacted, by kind (redacted posts are counted, not excluded) */
                redacted: {
                    /** @description Counted posts with any redaction */
                    posts: number;
                    /** @description Counted posts with a phone number redacted */
                    phone: number;
                    /** @description Counted posts with an e-mail address redacted */
                    email: number;
                    /** @description Counted posts with a national identity number (NIK) redacted */
                    nik: number;
                    /** @description Counted posts with a BPJS card number redacted */
                    bpjs: number;
                };
                /** @description Counted posts by stored language (`id` Indonesian, the regional ISO 639-3 codes `jav`, `sun`, …): only the filter's languages when the figures are filtered by `language`. Posts of a regional language are counted in volume and keywords; those of jav, sun, min, bjn, ban and mad are labelled by the regional head (`regionalSentiment`) and are in the sentiment shares, the others are left out of them (`excluded.language_<code>`) */
                languages?: {
                    [key: string]: {
                        /** @description Counted posts stored in this language */
                        posts: number;
                        /** @description Of the counted posts of every listed language */
                        share: number;
                    };
                };
            };
            /** @description What each connector and query collected in the window, and the days it did not */
            coverage: {
                /** @description Connector name in the coverage ledger */
                connector: string;
                /** @description The query the connector ran */
                query: string;
                /** @description Platform of the posts; null when the connector serves several */
                platform: string | null;
                /** @description What the source can and cannot reach (X recent search: seven days; YouTube: a daily quota), a platform's limit; null when unknown */
                limits: string | null;
                /** @description Runs in the window */
                runs: number;
                /** @description Items fetched */
                fetched: number;
                /** @description Items accepted and published for analysis */
                published: number;
                /** @description Items rejected, all reasons */
                rejected: number;
                /** @description Start of the latest run (ISO 8601); null without runs */
                lastRunAt: string | null;
                /** @description Days of the window by collection status */
                days: {
                    /** @description Days collected */
                    ok: number;
                    /** @description Days on which a platform limit cut collection short (resumed by a later run) */
                    partial: number;
                    /** @description Days on which a run failed */
                    failed: number;
                    /** @description Days on which runs found nothing */
                    empty: number;
                    /** @description Days no run covered although one was due (a gap) */
                    not_run: number;
                    /** @description Days no run covered and none was due: a pushed source (webhook, file import), a connector run by hand, or a day its stored schedule put no run on; not a gap */
                    not_due: number;
                };
                /** @description The days not collected */
                gaps: {
                    /** @description Asia/Jakarta day, YYYY-MM-DD */
                    day: string;
                    /** @description partial: a rate limit or spent quota cut a run short after it fetched something; failed: a run failed; empty: runs found nothing; not_run: no run covered the day although the stored schedule put one there */
                    status: "partial" | "failed" | "empty" | "not_run";
                    /** @description What happened, in words */
                    detail: string;
                }[];
            }[];
            /** @description The interval method behind every share */
            uncertainty: {
                /** @description The interval method */
                method: string;
                /** @description What the intervals cover and what they do not */
                note: string;
            };
            /** @description The coordinated-posting signal behind the figures */
            coordination?: {
                /** @description How posts are grouped into coordinated clusters */
                method: string;
                /** @description The rule in force; null when the signal is off */
                rule: {
                    /** @description k: least distinct authors for a cluster to count as coordinated */
                    minAuthors: number;
                    /** @description w: most seconds between two linked posts */
                    windowSeconds: number;
                    /** @description Least estimated Jaccard similarity of two linked texts */
                    similarity: number;
                    /** @description The repeated-text rule; absent when it is off */
                    repeated?: {
                        /** @description Least distinct authors of one repeated text for its posts to count as coordinated */
                        minAuthors: number;
                        /** @description Most seconds between two linked near-identical posts (a day by default) */
                        windowSeconds: number;
                    };
                } | (never | null);
                /** @description Posts of the window (before any exclusion) in coordinated clusters, with the Wilson 95% interval */
                share: {
                    /** @description successes / trials; null without trials */
                    share: number | null;
                    /** @description Lower end of the Wilson 95% interval; null without trials */
                    low: number | null;
                    /** @description Upper end of the Wilson 95% interval; null without trials */
                    high: number | null;
                    /** @description Posts counted in the share */
                    successes: number;
                    /** @description Posts the share is of */
                    trials: number;
                };
                /** @description True when the figures were recomputed without coordinated posts (excludeCoordinated=true, coposting or repeated_text) */
                excluded: boolean;
                /** @description The rules whose flagged posts the figures leave out: both with excludeCoordinated=true, one with excludeCoordinated=coposting or repeated_text, none without (reports stored before it have none) */
                excludedRules?: ("coposting" | "repeated_text")[];
                /** @description Limits of the signal */
                caveats: string[];
                /** @description The coordinated share per rule (a post may be flagged by both); excludeCoordinated=true leaves out either, coposting or repeated_text one */
                byRule?: {
                    /** @description Posts flagged by co-posting within w seconds */
                    coposting: {
                        /** @description successes / trials; null without trials */
                        share: number | null;
                        /** @description Lower end of the Wilson 95% interval; null without trials */
                        low: number | null;
                        /** @description Upper end of the Wilson 95% interval; null without trials */
                        high: number | null;
                        /** @description Posts counted in the share */
                        successes: number;
                        /** @description Posts the share is of */
                        trials: number;
                    };
                    /** @description Posts flagged by the repeated-text rule; null when it is off */
                    repeated: {
                        /** @description successes / trials; null without trials */
                        share: number | null;
                        /** @description Lower end of the Wilson 95% interval; null without trials */
                        low: number | null;
                        /** @description Upper end of the Wilson 95% interval; null without trials */
                        high: number | null;
                        /** @description Posts counted in the share */
                        successes: number;
                        /** @description Posts the share is of */
                        trials: number;
                    } | null;
                };
                /** @description Coordination runs after the analysis commit, as its own stage: posts analysed in the last seconds may not be grouped yet. Null before its first batch. */
                lag?: {
                    /** @description When the coordination stage last committed a batch */
                    updatedAt: string;
                    /** @description Median ms from the analysis commit of a post to the commit of its coordination result */
                    p50Ms: number;
                    /** @description 99th percentile of the same, over the latest posts */
                    p99Ms: number;
                    /** @description The same for the latest post handled */
                    lastMs: number;
                    /** @description Posts behind the percentiles */
                    posts: number;
                } | null;
            };
            /** @description Whether the sentiment shares are validated by human labels of a random sample */
            validation?: {
                /** @description validated: data.total.validated holds shares corrected by gold labels; none: model-only (see reason) */
                status: "validated" | "none";
                /** @description Why the window is not validated */
                reason?: string;
                /** @description The labelling task considered */
                task?: {
                    /** @description Labelling task id */
                    id: number;
                    /** @description Task name */
                    name: string;
                    /** @description First day of the task window */
                    from: string;
                    /** @description Last day of the task window */
                    to: string;
                };
                /** @description Gold labels of sampled posts inside the window (and its filters) that the estimate used */
                labels: number;
                /** @description Distinct annotators of the task */
                annotators: number;
                /** @description Krippendorff's alpha (nominal) over the task's posts with two or more labels; null without such posts */
                alpha: number | null;
                /** @description Macro-F1 of the model against the task's in-scope gold labels (in-domain evaluation) */
                inDomainMacroF1: number | null;
                /** @description The estimator, in words */
                method: string;
                /** @description What the reader should know about this validation (posts that arrived after the sample, pending disagreements) */
                notes?: string[];
            };
            /** @description The emotion head behind the emotion figures (present on emotion answers only) */
            emotion?: {
                /** @description The model behind the labels and its held-out benchmark figures */
                model: {
                    /** @description Model name */
                    name: string;
                    /** @description Model version of the active model (the one that labels new posts) */
                    version: string;
                    /** @description sha256 of the model weights */
                    sha256: string;
                    /** @description Inference backend that ran the model (tensorflow, wasm or cpu) */
                    backend: string;
                    /** @description True for the keyword-list stand-in used before a model is trained */
                    placeholder: boolean;
                    /** @description When the model was trained (ISO 8601); null for the placeholder */
                    trainedAt: string | null;
                    /** @description Held-out benchmark figures from the manifest written by training */
                    evaluation: {
                        /** @description Name of the labelled set, e.g. smsa-valid */
                        dataset: string;
                        /** @description Rows scored */
                        n: number;
                        /** @description Macro-averaged F1 over the classes */
                        macroF1: number;
                        /** @description True when scored on negative versus positive only */
                        binary: boolean;
                        /** @description Seeded bootstrap 95% interval of the macro-F1: [low, high] */
                        macroF1CI?: number[];
                        /** @description Expected calibration error (15 bins) */
                        ece?: number;
                        /** @description Share of the rows labelled uncertain */
                        abstainRate?: number;
                        /** @description True when the set chose nothing (no hyper-parameter, temperature or threshold) */
                        heldOut?: boolean;
                        /** @description What the figure is, e.g. held-out benchmark */
                        role?: string;
                        /** @description The file scored, relative to the shared data folder */
                        file?: string;
                    }[];
                };
                /** @description The head's held-out benchmark figures, in words (EmoT valid chose nothing) */
                heldOut: string[];
                /** @description How a post gets its emotion label */
                label: string;
                /** @description When a post is labelled uncertain and how such posts are counted */
                abstainRule: string;
                /** @description Posts of the window with an emotion label of this head */
                posts: number;
                /** @description Posts labelled uncertain, of the labelled posts (Wilson 95%) */
                abstained: {
                    /** @description successes / trials; null without trials */
                    share: number | null;
                    /** @description Lower end of the Wilson 95% interval; null without trials */
                    low: number | null;
                    /** @description Upper end of the Wilson 95% interval; null without trials */
                    high: number | null;
                    /** @description Posts counted in the share */
                    successes: number;
                    /** @description Posts the share is of */
                    trials: number;
                };
                /** @description Counted posts of the window without an emotion label of this head (analysed before it was installed) */
                unlabelled: number;
                /** @description The interval method of the emotion shares */
                interval: string;
                /** @description Limits of the emotion figures */
                caveats: string[];
            };
            /** @description The regional-language sentiment head: which posts it labelled and how well it does held out */
            regionalSentiment?: {
                /** @description The model behind the labels and its held-out benchmark figures */
                model: {
                    /** @description Model name */
                    name: string;
                    /** @description Model version of the active model (the one that labels new posts) */
                    version: string;
                    /** @description sha256 of the model weights */
                    sha256: string;
                    /** @description Inference backend that ran the model (tensorflow, wasm or cpu) */
                    backend: string;
                    /** @description True for the keyword-list stand-in used before a model is trained */
                    placeholder: boolean;
                    /** @description When the model was trained (ISO 8601); null for the placeholder */
                    trainedAt: string | null;
                    /** @description Held-out benchmark figures from the manifest written by training */
                    evaluation: {
                        /** @description Name of the labelled set, e.g. smsa-valid */
                        dataset: string;
                        /** @description Rows scored */
                        n: number;
                        /** @description Macro-averaged F1 over the classes */
                        macroF1: number;
                        /** @description True when scored on negative versus positive only */
                        binary: boolean;
                        /** @description Seeded bootstrap 95% interval of the macro-F1: [low, high] */
                        macroF1CI?: number[];
                        /** @description Expected calibration error (15 bins) */
                        ece?: number;
                        /** @description Share of the rows labelled uncertain */
                        abstainRate?: number;
                        /** @description True when the set chose nothing (no hyper-parameter, temperature or threshold) */
                        heldOut?: boolean;
                        /** @description What the figure is, e.g. held-out benchmark */
                        role?: string;
                        /** @description The file scored, relative to the shared data folder */
                        file?: string;
                    }[];
                };
                /** @description Stored language codes this head labels (jav, sun, min, bjn, ban, mad) */
                languages: string[];
                /** @description Counted posts of the window labelled by this head, per language (the rest of a language's posts: excluded.language_<code>) */
                posts: {
                    [key: string]: number;
                };
                /** @description True: these posts are in the sentiment shares without a `language` filter */
                inDefaultShares: boolean;
                /** @description Which head labels which posts, in words */
                label: string;
                /** @description The head's held-out figures in words (NusaX valid: a translation corpus derived from SmSA, not independent) */
                heldOut: string[];
            };
            /** @description How long the posts' own words are kept; removed posts stay counted */
            retention: {
                /** @description RETENTION_DAYS: days after a post's day (Asia/Jakarta) that its text, link and author pseudonym are kept; 0 keeps them until removed by hand */
                days: number;
                /** @description What retention removes and what it leaves counted, in words */
                note: string;
            };
            /** @description How the distinct authors of the figures were counted, and their error */
            distinctAuthors?: {
                /** @description hyperloglog: estimated from daily sketches of the author pseudonyms; exact: counted from the stored posts */
                method: "hyperloglog" | "exact";
                /** @description The estimator, in words */
                estimator: string;
                /** @description Registers per sketch; null when counted exactly */
                registers: number | null;
                /** @description Relative standard error of each distinct-author figure (0 when exact) */
                relativeStandardError: number;
                /** @description About 95% of estimates fall within this relative error of the true count (1.96 standard errors; 0 when exact) */
                relativeError95: number;
            };
            /** @description Fixed, human-readable limits of the figures */
            caveats: string[];
            /** @description The software that produced the figures */
            software: {
                /**
                 * @description Software name
                 * @enum {string}
                 */
                name: "pantau";
                /** @description Software version */
                version: string;
                /** @description Source commit the software was built from */
                commit: string;
            };
            /** @description When the answer was served (ISO 8601) */
            generatedAt: string;
        };
        /** @description Error body of every failed request */
        Error: {
            /** @description The error */
            error: {
                /** @description What went wrong, as a stable code */
                code: "INVALID_INPUT" | "INVALID_QUERY" | "NOT_FOUND" | "CONFLICT" | "NOT_IN_TASK" | "UNAUTHORIZED" | "FORBIDDEN" | "CSRF_INVALID" | "RATE_LIMITED" | "AUTH_EXPIRED" | "UPSTREAM_ERROR" | "PAYLOAD_TOO_LARGE" | "INVALID_TEXT" | "URI_TOO_LONG" | "HEADERS_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "REQUEST_TIMEOUT" | "DB_UNAVAILABLE" | "BROKER_UNAVAILABLE" | "MODEL_UNAVAILABLE" | "RENDERER_UNAVAILABLE" | "CONFIG_INVALID" | "INTERNAL";
                /** @description What went wrong and what to change, in words */
                message: string;
                /** @description The parameter at fault (bad input only) */
                parameter?: string;
                /** @description More about a client error (e.g. the position in a topic query) */
                details?: {
                    [key: string]: unknown;
                };
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getSignInProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            password: boolean;
                            oidc: boolean;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            user: {
                                id: number;
                                name: string;
                                role: "viewer" | "analyst" | "admin";
                                /** @description Signs in with a password (else only through single sign-on) */
                                hasPassword: boolean;
                                /** @description Linked to an OpenID Connect identity */
                                sso: boolean;
                                createdAt: string;
                                disabledAt: string | null;
                            };
                            /** @description Send it as x-csrf-token with every write made with the session cookie */
                            csrfToken: string;
                            /** @description The absolute end of the session (it also ends after SESSION_IDLE_MINUTES without a request) */
                            expiresAt: string;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            via: "session" | "key";
                            /** @description The session's user or the key's owner (null: a key without one) */
                            user: {
                                id: number;
                                name: string;
                                role: "viewer" | "analyst" | "admin";
                                /** @description Signs in with a password (else only through single sign-on) */
                                hasPassword: boolean;
                                /** @description Linked to an OpenID Connect identity */
                                sso: boolean;
                                createdAt: string;
                                disabledAt: string | null;
                            } | null;
                            scopes: string[];
                            csrfToken: string | null;
                            expiresAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            sessionsEnded: number;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            role: "viewer" | "analyst" | "admin";
                            /** @description Signs in with a password (else only through single sign-on) */
                            hasPassword: boolean;
                            /** @description Linked to an OpenID Connect identity */
                            sso: boolean;
                            createdAt: string;
                            disabledAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    role: "viewer" | "analyst" | "admin";
                    /** @description At least 10 characters */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            role: "viewer" | "analyst" | "admin";
                            /** @description Signs in with a password (else only through single sign-on) */
                            hasPassword: boolean;
                            /** @description Linked to an OpenID Connect identity */
                            sso: boolean;
                            createdAt: string;
                            disabledAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    role?: "viewer" | "analyst" | "admin";
                    disabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            role: "viewer" | "analyst" | "admin";
                            /** @description Signs in with a password (else only through single sign-on) */
                            hasPassword: boolean;
                            /** @description Linked to an OpenID Connect identity */
                            sso: boolean;
                            createdAt: string;
                            disabledAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resetUserPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At least 10 characters */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            role: "viewer" | "analyst" | "admin";
                            /** @description Signs in with a password (else only through single sign-on) */
                            hasPassword: boolean;
                            /** @description Linked to an OpenID Connect identity */
                            sso: boolean;
                            createdAt: string;
                            disabledAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The process answers
                         * @enum {string}
                         */
                        status: "ok";
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description True when every check passes */
                        ready: boolean;
                        /** @description Each check by name: model, database, auditLog and any extra ones */
                        checks: {
                            [key: string]: boolean;
                        };
                        /** @description The audit-log writer of this API process */
                        audit?: {
                            /** @description Audit rows waiting for the database */
                            buffered: number;
                            /** @description Audit rows dropped because the buffer was full, since the process started */
                            dropped: number;
                            /** @description The buffer is full: requests are not being audited (check auditLog false) */
                            overflowing: boolean;
                            /** @description Audit writes fail and are being retried */
                            retrying: boolean;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not ready: a check failed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description True when every check passes */
                        ready: boolean;
                        /** @description Each check by name: model, database, auditLog and any extra ones */
                        checks: {
                            [key: string]: boolean;
                        };
                        /** @description The audit-log writer of this API process */
                        audit?: {
                            /** @description Audit rows waiting for the database */
                            buffered: number;
                            /** @description Audit rows dropped because the buffer was full, since the process started */
                            dropped: number;
                            /** @description The buffer is full: requests are not being audited (check auditLog false) */
                            overflowing: boolean;
                            /** @description Audit writes fail and are being retried */
                            retrying: boolean;
                        };
                    };
                };
            };
        };
    };
    getSentiment: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Period of the series (default day) */
                granularity?: "day" | "week";
                /** @description Validate with this labelling task (default: the newest task covering the window with enough labels) */
                task?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Model-only figures per period */
                            series: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts labelled by the model or its regional head, abstained included (posts of a regional language no head labels are not: disclosure.population.excluded.language_<code>) */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with a class label: the denominator of the shares */
                                answered: number;
                                counts: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    negative: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    neutral: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    positive: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                                /** @description (positive − negative) / answered */
                                netSentiment: number | null;
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95% */
                                coordinated?: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                            }[];
                            /** @description The window total: model-only figures, and validated shares when the window is validated */
                            total: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts labelled by the model or its regional head, abstained included (posts of a regional language no head labels are not: disclosure.population.excluded.language_<code>) */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with a class label: the denominator of the shares */
                                answered: number;
                                counts: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    negative: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    neutral: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    positive: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                                /** @description (positive − negative) / answered */
                                netSentiment: number | null;
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95% */
                                coordinated?: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                                /** @description Validated shares of the window total: the model probabilities of all its posts corrected by the gold labels of a random sample (absent when not validated; see disclosure.validation) */
                                validated?: {
                                    /** @description The labelling task whose sample validated the window */
                                    task: number;
                                    method: string;
                                    confidence: number;
                                    /** @description N: posts of the window (and filters) */
                                    posts: number;
                                    /** @description n: gold labels of sampled posts in the window, out-of-scope ones included */
                                    labels: number;
                                    inScopeLabels: number;
                                    /** @description PPI++ shares of in-scope posts with 95% intervals */
                                    shares: {
                                        negative: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        neutral: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        positive: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    /** @description Shares of all posts, from the labels */
                                    outOfScope: {
                                        not_relevant: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        not_indonesian: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    /** @description The classical interval from the labels alone */
                                    labelsOnly: {
                                        negative: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        neutral: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        positive: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    lambda: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                    };
                                };
                            };
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSentimentDaily: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Period of the series (default day) */
                granularity?: "day" | "week";
                /** @description Validate with this labelling task (default: the newest task covering the window with enough labels) */
                task?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Model-only figures per period */
                            series: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts labelled by the model or its regional head, abstained included (posts of a regional language no head labels are not: disclosure.population.excluded.language_<code>) */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with a class label: the denominator of the shares */
                                answered: number;
                                counts: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    negative: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    neutral: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    positive: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                                /** @description (positive − negative) / answered */
                                netSentiment: number | null;
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95% */
                                coordinated?: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                            }[];
                            /** @description The window total: model-only figures, and validated shares when the window is validated */
                            total: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts labelled by the model or its regional head, abstained included (posts of a regional language no head labels are not: disclosure.population.excluded.language_<code>) */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with a class label: the denominator of the shares */
                                answered: number;
                                counts: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    negative: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    neutral: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    positive: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                                /** @description (positive − negative) / answered */
                                netSentiment: number | null;
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95% */
                                coordinated?: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                                /** @description Validated shares of the window total: the model probabilities of all its posts corrected by the gold labels of a random sample (absent when not validated; see disclosure.validation) */
                                validated?: {
                                    /** @description The labelling task whose sample validated the window */
                                    task: number;
                                    method: string;
                                    confidence: number;
                                    /** @description N: posts of the window (and filters) */
                                    posts: number;
                                    /** @description n: gold labels of sampled posts in the window, out-of-scope ones included */
                                    labels: number;
                                    inScopeLabels: number;
                                    /** @description PPI++ shares of in-scope posts with 95% intervals */
                                    shares: {
                                        negative: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        neutral: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        positive: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    /** @description Shares of all posts, from the labels */
                                    outOfScope: {
                                        not_relevant: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        not_indonesian: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    /** @description The classical interval from the labels alone */
                                    labelsOnly: {
                                        negative: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        neutral: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                        positive: {
                                            estimate: number;
                                            low: number;
                                            high: number;
                                        };
                                    };
                                    lambda: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                    };
                                };
                            };
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEmotions: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Period of the series (default day) */
                granularity?: "day" | "week";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Model-only figures per period */
                            series: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta; the window for the total */
                                period: string;
                                /** @description Posts with an emotion label, abstained included */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with an emotion: the denominator of the shares */
                                answered: number;
                                counts: {
                                    anger: number;
                                    fear: number;
                                    happy: number;
                                    love: number;
                                    sadness: number;
                                };
                                /** @description Share of the answered posts per emotion, Wilson 95% */
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    anger: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    fear: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    happy: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    love: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    sadness: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                            }[];
                            /** @description The window total */
                            total: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta; the window for the total */
                                period: string;
                                /** @description Posts with an emotion label, abstained included */
                                posts: number;
                                /** @description Posts labelled uncertain (below the abstain threshold) */
                                abstained: number;
                                /** @description Posts with an emotion: the denominator of the shares */
                                answered: number;
                                counts: {
                                    anger: number;
                                    fear: number;
                                    happy: number;
                                    love: number;
                                    sadness: number;
                                };
                                /** @description Share of the answered posts per emotion, Wilson 95% */
                                shares: {
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    anger: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    fear: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    happy: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    love: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                    /** @description A share with its Wilson 95% interval and the numbers behind it */
                                    sadness: {
                                        /** @description successes / trials; null without trials */
                                        share: number | null;
                                        /** @description Lower end of the Wilson 95% interval; null without trials */
                                        low: number | null;
                                        /** @description Upper end of the Wilson 95% interval; null without trials */
                                        high: number | null;
                                        /** @description Posts counted in the share */
                                        successes: number;
                                        /** @description Posts the share is of */
                                        trials: number;
                                    };
                                };
                            };
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A service this operation needs is unavailable (the database; for a PDF, headless Chromium) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTopKeywords: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Keywords listed */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            window: {
                                /** @description First day of the window */
                                from: string;
                                /** @description Last day of the window */
                                to: string;
                                /** @description First day of the previous window of the same length */
                                previousFrom: string;
                                /** @description Last day of the previous window */
                                previousTo: string;
                            };
                            keywords: {
                                /** @description Display form (normalized, not stemmed) */
                                term: string;
                                /** @description Stem key the keyword is counted under */
                                key: string;
                                /** @description unigram, bigram or hashtag */
                                kind: string;
                                /** @description Posts in the window that use the keyword */
                                posts: number;
                                /** @description Posts in the previous window of the same length */
                                previousPosts: number;
                                /** @description posts / previousPosts − 1; null when previousPosts is 0 */
                                change: number | null;
                                /** @description Posts using the keyword by sentiment label */
                                sentiment: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                    uncertain: number;
                                };
                                /** @description Of `posts`, those in coordinated clusters (0 with excludeCoordinated=true; with one rule excluded, those the other flagged) */
                                coordinatedPosts: number;
                            }[];
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKeywordSeries: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Period of the series (default day) */
                granularity?: "day" | "week";
            };
            header?: never;
            path: {
                /** @description One word, two words or a #hashtag */
                term: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description The term as asked */
                            term: string;
                            /** @description Stem key the term is counted under */
                            key: string;
                            series: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts that use the keyword */
                                posts: number;
                                /** @description Of them, labelled negative */
                                negative: number;
                                /** @description Of them, labelled neutral */
                                neutral: number;
                                /** @description Of them, labelled positive */
                                positive: number;
                                /** @description Of them, labelled uncertain */
                                uncertain: number;
                            }[];
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVolume: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Period of the series (default day) */
                granularity?: "day" | "week";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            series: {
                                /** @description Day (or Monday of the ISO week), Asia/Jakarta */
                                period: string;
                                /** @description Posts collected in the period */
                                posts: number;
                                /** @description Distinct author pseudonyms of the period (not additive across periods); estimated, see disclosure.distinctAuthors */
                                uniqueAuthors: number;
                                /** @description Sum of likes */
                                likes: number;
                                /** @description Sum of replies */
                                replies: number;
                                /** @description Sum of shares */
                                shares: number;
                                /** @description Sum of views */
                                views: number;
                                /** @description Posts of the period in coordinated clusters, of all its posts (before excludeCoordinated), Wilson 95% */
                                coordinated: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                            }[];
                            /** @description Distinct author pseudonyms of the whole window (fewer than the sum of the periods when authors return) */
                            uniqueAuthors: number;
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMentions: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description Only posts stored in these languages, comma-separated: id (Indonesian), jav, sun, min, bjn, bug, ace, ban, mad, nij, bbc (the regional languages, ISO 639-3). Posts in jav, sun, min, bjn, ban and mad are labelled by the regional head (in the shares with or without this filter); posts in bug, ace, nij and bbc have no sentiment class (counted, left out of the shares) */
                language?: string;
                /** @description Only posts with this label */
                label?: "negative" | "neutral" | "positive" | "uncertain";
                /** @description A keyword as written (normalized and stemmed like keywords) */
                term?: string;
                /** @description Only the posts of this coordination cluster (id of /v1/coordination/clusters) */
                cluster?: number;
                /** @description time: newest first (default); engagement: most likes + replies + shares first */
                sort?: "time" | "engagement";
                /** @description Posts per page */
                limit?: number;
                /** @description nextCursor of the previous page (same sort) */
                cursor?: string;
                /** @description csv: the posts as a CSV file (as Accept: text/csv) */
                format?: "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page as JSON; a CSV file (text/csv) with format=csv or Accept: text/csv */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            mentions: {
                                platform: string;
                                externalId: string;
                                /** @description Author pseudonym (keyed HMAC, first 16 hex); never the handle; null once retention removed it */
                                author: string | null;
                                publishedAt: string;
                                day: string;
                                /** @description As stored: personal data replaced by placeholders; null once retention removed it (see removed) */
                                text: string | null;
                                /** @description The original post; null once retention removed it */
                                url: string | null;
                                /**
                                 * @description "retention": text, url and author were removed after RETENTION_DAYS; the post is still counted
                                 * @enum {string|null}
                                 */
                                removed: "retention" | null;
                                label: string;
                                probabilities: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description The stars the author gave (app reviews, platform app_review); null where the platform has none */
                                rating: number | null;
                                /** @description The news outlet, or the app package of an app review */
                                outlet: string | null;
                            }[];
                            /** @description Posts matching the filter in the window (every page) */
                            total: number;
                            /** @description Cursor of the next page; null on the last page */
                            nextCursor: string | null;
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRatingAgreement: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description How the stars are compared with the labels, and what the check is worth */
                            method: string;
                            /** @description The active model; each review is compared under its current label, of the model version that labelled it last */
                            modelVersion: string;
                            apps: {
                                /** @description The app's package; null for reviews stored without one */
                                app: string | null;
                                /** @description Rated reviews labelled by the active model in the window */
                                reviews: number;
                                /** @description Reviews the model left uncertain (not in the share) */
                                uncertain: number;
                                /** @description Confident labels matching the stars' sentiment (1–2 negative, 3 neutral, 4–5 positive) */
                                agree: number;
                                /** @description agree / (reviews − uncertain); null without a confident label */
                                share: number | null;
                                /** @description Lower end of the Wilson 95% interval of the share */
                                low: number | null;
                                /** @description Upper end of the Wilson 95% interval of the share */
                                high: number | null;
                                /** @description Model labels per star count */
                                byStars: {
                                    /** @description The model labels of the reviews that gave these stars */
                                    1: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                        uncertain: number;
                                    };
                                    /** @description The model labels of the reviews that gave these stars */
                                    2: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                        uncertain: number;
                                    };
                                    /** @description The model labels of the reviews that gave these stars */
                                    3: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                        uncertain: number;
                                    };
                                    /** @description The model labels of the reviews that gave these stars */
                                    4: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                        uncertain: number;
                                    };
                                    /** @description The model labels of the reviews that gave these stars */
                                    5: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                        uncertain: number;
                                    };
                                };
                            }[];
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCoverage: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only this connector (ledger name) */
                connector?: string;
                /** @description Runs on this page (default 20, at most 1000) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            window: {
                                /** @description First day of the window */
                                from: string;
                                /** @description Last day of the window */
                                to: string;
                            };
                            connectors: {
                                connector: string;
                                query: string;
                                platform: string | null;
                                /** @description What the source can and cannot reach (X recent search: seven days), a platform's limit */
                                limits: string | null;
                                runs: number;
                                fetched: number;
                                published: number;
                                rejected: number;
                                lastRunAt: string | null;
                                days: {
                                    day: string;
                                    /** @enum {string} */
                                    status: "ok" | "partial" | "failed" | "empty" | "not_run" | "not_due";
                                    runs: number;
                                    fetched: number;
                                    published: number;
                                    errors: string[];
                                }[];
                            }[];
                            gaps: {
                                connector: string;
                                query: string;
                                platform: string | null;
                                day: string;
                                /** @enum {string} */
                                status: "partial" | "failed" | "empty" | "not_run";
                                detail: string;
                            }[];
                            /** @description One page of the runs that covered a day of the window, by start */
                            runs: {
                                runId: string;
                                connector: string;
                                query: string;
                                platform: string | null;
                                windowFrom: string | null;
                                windowTo: string | null;
                                startedAt: string;
                                /** @description null: the run never finished (counted as failed) */
                                finishedAt: string | null;
                                fetched: number;
                                published: number;
                                /** @description rejected items by reason */
                                rejected: {
                                    [key: string]: number;
                                };
                                lastError: string | null;
                            }[];
                            /** @description Runs that covered a day of the window, on every page */
                            runsTotal: number;
                            /** @description Cursor of the next page of runs; null on the last page */
                            nextCursor: string | null;
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The model manifest, with the backend that runs it and whether it is the placeholder */
                        data: unknown;
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMethodology: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Method, model, benchmark, uncertainty, coordination, validation and software */
                        data: unknown;
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTopics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            query: string;
                            createdAt: string;
                            updatedAt: string;
                            backfill: {
                                /** @description pending, running, done or failed */
                                state: string;
                                total: number;
                                processed: number;
                                matched: number;
                                error: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTopic: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /**
                     * @description Words and "phrases" (normalized and stemmed as posts are), #hashtags, AND, OR, NOT, parentheses
                     * @example "bpjs kesehatan" AND (iuran OR tunggakan) NOT promo
                     */
                    query: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            query: string;
                            createdAt: string;
                            updatedAt: string;
                            backfill: {
                                /** @description pending, running, done or failed */
                                state: string;
                                total: number;
                                processed: number;
                                matched: number;
                                error: string | null;
                            };
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with a stored resource (a topic name already taken): the parameter at fault is named */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewTopic: {
        parameters: {
            query: {
                /**
                 * @description Words and "phrases" (normalized and stemmed as posts are), #hashtags, AND, OR, NOT, parentheses
                 * @example "bpjs kesehatan" AND (iuran OR tunggakan) NOT promo
                 */
                query: string;
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Recompute without coordinated posts (the share is in disclosure.coordination): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description How many matching posts to show */
                sample?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description The query previewed, as sent */
                            query: string;
                            /** @description Posts of the window (after platform and coordination filters) */
                            postsInWindow: number;
                            /** @description Posts read, newest first: all of the window, or its newest 5000 */
                            scanned: number;
                            /** @description Whether every post of the window was read (else matched counts the newest only) */
                            complete: boolean;
                            /** @description Posts read that the query matches */
                            matched: number;
                            /** @description The newest matching posts */
                            samples: {
                                platform: string;
                                externalId: string;
                                /** @description Author pseudonym (keyed HMAC, first 16 hex); never the handle; null once retention removed it */
                                author: string | null;
                                publishedAt: string;
                                day: string;
                                /** @description As stored: personal data replaced by placeholders; null once retention removed it (see removed) */
                                text: string | null;
                                /** @description The original post; null once retention removed it */
                                url: string | null;
                                /**
                                 * @description "retention": text, url and author were removed after RETENTION_DAYS; the post is still counted
                                 * @enum {string|null}
                                 */
                                removed: "retention" | null;
                                label: string;
                                probabilities: {
                                    negative: number;
                                    neutral: number;
                                    positive: number;
                                };
                                engagement: {
                                    likes: number;
                                    replies: number;
                                    shares: number;
                                    views: number;
                                };
                                /** @description The stars the author gave (app reviews, platform app_review); null where the platform has none */
                                rating: number | null;
                                /** @description The news outlet, or the app package of an app review */
                                outlet: string | null;
                            }[];
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Topic id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            query: string;
                            createdAt: string;
                            updatedAt: string;
                            backfill: {
                                /** @description pending, running, done or failed */
                                state: string;
                                total: number;
                                processed: number;
                                matched: number;
                                error: string | null;
                            };
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Topic id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Topic id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /**
                     * @description Words and "phrases" (normalized and stemmed as posts are), #hashtags, AND, OR, NOT, parentheses
                     * @example "bpjs kesehatan" AND (iuran OR tunggakan) NOT promo
                     */
                    query?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            query: string;
                            createdAt: string;
                            updatedAt: string;
                            backfill: {
                                /** @description pending, running, done or failed */
                                state: string;
                                total: number;
                                processed: number;
                                matched: number;
                                error: string | null;
                            };
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with a stored resource (a topic name already taken): the parameter at fault is named */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAuthor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The 64-hex author pseudonym, or its first 16+ hex as /v1/mentions shows it */
                pseudonym: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            pseudonym: string;
                            postsDeleted: number;
                            days: string[];
                            reportsDeleted: number;
                            auditId: number;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAnnotationTasks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            from: string;
                            to: string;
                            topic: number | null;
                            size: number;
                            seed: number;
                            /** @description Posts of the window (and topic) when the sample was drawn */
                            population: number;
                            /** @description Posts in the sample (size, or the population when smaller) */
                            sampled: number;
                            createdBy: string | null;
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAnnotationTask: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Asia/Jakarta calendar day, YYYY-MM-DD */
                    from: string;
                    /** @description Asia/Jakarta calendar day, YYYY-MM-DD */
                    to: string;
                    /** @description Sample only posts tagged with this topic */
                    topic?: number;
                    size: number;
                    /** @description Random when absent */
                    seed?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            from: string;
                            to: string;
                            topic: number | null;
                            size: number;
                            seed: number;
                            /** @description Posts of the window (and topic) when the sample was drawn */
                            population: number;
                            /** @description Posts in the sample (size, or the population when smaller) */
                            sampled: number;
                            createdBy: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAnnotationTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Labelling task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            task: {
                                id: number;
                                name: string;
                                from: string;
                                to: string;
                                topic: number | null;
                                size: number;
                                seed: number;
                                /** @description Posts of the window (and topic) when the sample was drawn */
                                population: number;
                                /** @description Posts in the sample (size, or the population when smaller) */
                                sampled: number;
                                createdBy: string | null;
                                createdAt: string;
                            };
                            progress: {
                                sampled: number;
                                /** @description Sampled posts with at least one label */
                                labelled: number;
                                /** @description Sampled posts with a gold label: adjudicated, or all their annotators agree */
                                gold: number;
                                annotators: number;
                                byAnnotator: {
                                    annotator: string;
                                    name: string | null;
                                    labelled: number;
                                }[];
                            };
                            agreement: {
                                alpha: number | null;
                                low: number | null;
                                high: number | null;
                                /** @description Posts with two or more labels */
                                units: number;
                            } | null;
                            /** @description Posts whose annotators disagree, not adjudicated yet */
                            disagreements: number;
                            evaluation: {
                                n: number;
                                accuracy: number;
                                macroF1: number;
                                /** @description Bootstrap 95% interval of the macro-F1: [low, high] */
                                macroF1CI: number[];
                                perClass: {
                                    [key: string]: {
                                        precision: number;
                                        recall: number;
                                        f1: number;
                                        support: number;
                                    };
                                };
                                confusion: {
                                    [key: string]: {
                                        [key: string]: number;
                                    };
                                };
                                ece: number;
                                abstainRate: number;
                                answeredAccuracy: number | null;
                                binary: boolean;
                            } | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAnnotationItems: {
        parameters: {
            query?: {
                /** @description Whose open items: the requesting key */
                annotator?: "me";
                limit?: number;
                /** @description Include the model's label (may anchor labels) */
                showModel?: boolean;
            };
            header?: never;
            path: {
                /** @description Labelling task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            task: {
                                id: number;
                                name: string;
                            };
                            /** @description Sampled posts this key has not labelled yet */
                            remaining: number;
                            items: {
                                postId: string;
                                /** @description Place in the sample (1 = first) */
                                position: number;
                                text: string | null;
                                url: string | null;
                                platform: string;
                                publishedAt: string;
                                model?: {
                                    label: string;
                                    probabilities: {
                                        negative: number;
                                        neutral: number;
                                        positive: number;
                                    };
                                };
                            }[];
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    labelPosts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Labelling task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A post id as the items list gives it */
                    postId?: string;
                    /** @description negative, neutral, positive, not_relevant (not about the subject) or not_indonesian */
                    label?: "negative" | "neutral" | "positive" | "not_relevant" | "not_indonesian";
                    labels?: {
                        /** @description A post id as the items list gives it */
                        postId: string;
                        /** @description negative, neutral, positive, not_relevant (not about the subject) or not_indonesian */
                        label: "negative" | "neutral" | "positive" | "not_relevant" | "not_indonesian";
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            accepted: number;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDisagreements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Labelling task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            pending: number;
                            items: {
                                postId: string;
                                position: number;
                                text: string | null;
                                url: string | null;
                                labels: {
                                    annotator: string;
                                    name: string | null;
                                    label: string;
                                    labelledAt: string;
                                }[];
                            }[];
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    adjudicate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Labelling task id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A post id as the items list gives it */
                    postId: string;
                    /** @description negative, neutral, positive, not_relevant (not about the subject) or not_indonesian */
                    label: "negative" | "neutral" | "positive" | "not_relevant" | "not_indonesian";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            postId: string;
                            label: string;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listReports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            day: string;
                            topicId: number | null;
                            generatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDailyReport: {
        parameters: {
            query?: {
                /** @description The report of this topic */
                topic?: number;
                /** @description Build the report without coordinated posts (computed on request, not stored): true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
                /** @description The format, whatever the Accept header says (a link cannot set Accept) */
                format?: "json" | "md" | "html" | "pdf";
                /** @description Language of the Markdown, HTML and PDF (default REPORT_LANGUAGE, Indonesian); JSON carries both */
                lang?: "id" | "en";
            };
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report as JSON; as Markdown, HTML or PDF (printed by headless Chromium) when `format` or the Accept header asks for it, in one language (`lang`, else REPORT_LANGUAGE) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The daily report (DailyReport in @pantau/report) */
                        data: unknown;
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A service this operation needs is unavailable (the database; for a PDF, headless Chromium) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDaySummary: {
        parameters: {
            query?: {
                /** @description The Asia/Jakarta day, YYYY-MM-DD (default: the latest day with data) */
                date?: string;
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Without coordinated posts: true leaves out the posts either coordination rule flagged, coposting only those of co-posting, repeated_text only those of the repeated-text rule (disclosure.coordination.excludedRules says which) */
                excludeCoordinated?: boolean | "coposting" | "repeated_text";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description The Asia/Jakarta day summarized */
                            date: string;
                            topic: {
                                id: number;
                                name: string;
                                query: string;
                            } | null;
                            /** @description The platform every figure is of (posts, net sentiment, stories, gaps); null: all platforms */
                            platform: string | null;
                            /** @description Posts counted on the day */
                            posts: number;
                            previousDay: {
                                day: string;
                                posts: number;
                                /** @description posts / these posts − 1; null when there were none */
                                change: number | null;
                            };
                            sameWeekday: {
                                day: string;
                                posts: number;
                                /** @description posts / these posts − 1; null when there were none */
                                change: number | null;
                            };
                            /** @description Posts with a confident label */
                            answered: number;
                            /** @description Posts labelled uncertain */
                            abstained: number;
                            /** @description Net sentiment of the day */
                            net: {
                                /** @description positive share − negative share, of the shares named by source */
                                value: number | null;
                                /** @description validated when a labelling task validates the day (disclosure.validation), else model */
                                source: "validated" | "model";
                                /** @description Model-only net sentiment */
                                model: number | null;
                                /** @description Net sentiment from the validated (PPI++) shares */
                                validated: number | null;
                                /** @description Model-only net sentiment of the day before */
                                previousDay: number | null;
                                /** @description Model-only net sentiment of the same weekday a week before */
                                sameWeekday: number | null;
                            };
                            /** @description The day's spikes as stories, strongest first */
                            stories: {
                                /** @description The strongest term's key: the story's id on its day */
                                key: string;
                                /** @description The strongest term (ask /v1/mentions with term= and the day for its posts) */
                                term: string;
                                /** @description The story's name: its strongest distinct terms */
                                title?: string;
                                /** @description Distinct posts of the day that use any of its terms */
                                posts?: number;
                                /** @description The numbers that fired the spike rule for the story's strongest term */
                                evidence: {
                                    rule: "z-score" | "new-term";
                                    /** @description The term's posts on the day */
                                    count: number;
                                    /** @description Mean posts per day over the 7 days before */
                                    baselineMean: number;
                                    baselineSd: number;
                                    /** @description max(sd, √mean, 1): the spread the rule divides by */
                                    spread: number;
                                    /** @description null for a new term */
                                    z: number | null;
                                    /** @description Posts per day over the 7 days before, oldest first */
                                    baseline: number[];
                                };
                                /** @description Up to 3 example posts, one per distinct text */
                                examples: {
                                    /** @description Post id */
                                    id?: number;
                                    platform: string;
                                    /** @description Author pseudonym (16 hex); null once retention removed it */
                                    author: string | null;
                                    publishedAt: string;
                                    /** @description null once retention removed it */
                                    text: string | null;
                                    label: string;
                                    /** @description Link to the original post */
                                    url: string | null;
                                    /** @enum {string|null} */
                                    removed?: "retention" | null;
                                    /** @description Likes, replies and shares */
                                    engagement?: number;
                                    /** @description Posts of the story with this same text (verbatim repeats) */
                                    sameText?: number;
                                }[];
                                /** @description The other terms folded into the story, strongest first */
                                related: {
                                    term: string;
                                    count: number;
                                    rule: "z-score" | "new-term";
                                }[];
                                /** @description A share with its Wilson 95% interval and the numbers behind it */
                                coordinated?: {
                                    /** @description successes / trials; null without trials */
                                    share: number | null;
                                    /** @description Lower end of the Wilson 95% interval; null without trials */
                                    low: number | null;
                                    /** @description Upper end of the Wilson 95% interval; null without trials */
                                    high: number | null;
                                    /** @description Posts counted in the share */
                                    successes: number;
                                    /** @description Posts the share is of */
                                    trials: number;
                                };
                            }[];
                            /** @description Stories beyond those listed */
                            moreStories: number;
                            /** @description False when the data does not reach 7 days back: spikes were not assessed */
                            baselineAvailable: boolean;
                            /** @description The day's coverage gaps: a collector that should have brought posts and did not (a gap, not a zero) */
                            gaps: {
                                connector: string;
                                query: string;
                                platform: string | null;
                                day: string;
                                status: "partial" | "failed" | "empty" | "not_run";
                                detail: string;
                            }[];
                            /** @description When and from how many posts the stories were computed */
                            storiesAsOf: {
                                /** @description When the stories were computed (ISO 8601): ahead by the story job, or for this answer */
                                computedAt: string;
                                /** @description Posts of the day (in this scope) when the stories were computed */
                                posts: number;
                                /** @description True when the day (or the 7 days before it) changed after the stories were computed: `posts` may differ from the figures, and the story job is computing them again */
                                behind: boolean;
                            };
                            /** @description The three headlines the day's report opens with */
                            headlines: {
                                /** @description What changed, why, where to look — in Indonesian */
                                id: string[];
                                /** @description The same in English */
                                en: string[];
                            };
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCoordinatedClusters: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Clusters per page */
                limit?: number;
                /** @description Clusters to skip (paging) */
                offset?: number;
                /** @description Posts listed per cluster */
                posts?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            clusters: {
                                id: number;
                                /** @description near-identical text, or one shared link */
                                kind: "text" | "link";
                                link: string | null;
                                /** @description Posts in the cluster (all days) */
                                size: number;
                                /** @description Distinct author pseudonyms in the cluster */
                                distinctAuthors: number;
                                firstAt: string;
                                lastAt: string;
                                /** @description Text of the earliest post */
                                representativeText: string;
                                similarityThreshold: number;
                                minAuthors: number;
                                windowSeconds: number;
                                coordinated: boolean;
                                /** @description Posts of the cluster in the window (and topic, platform) */
                                postsInWindow: number;
                                /** @description Up to `posts` of them, oldest first */
                                posts: {
                                    platform: string;
                                    externalId: string;
                                    /** @description Author pseudonym (keyed HMAC); never the handle */
                                    author: string;
                                    publishedAt: string;
                                    text: string;
                                    url: string | null;
                                }[];
                            }[];
                            /** @description Offset of the next page; null on the last page */
                            nextOffset: number | null;
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRepeatedTexts: {
        parameters: {
            query?: {
                /** @description First day (Asia/Jakarta), YYYY-MM-DD */
                from?: string;
                /** @description Last day (Asia/Jakarta), YYYY-MM-DD */
                to?: string;
                /** @description Only posts from this platform */
                platform?: "x" | "facebook" | "instagram" | "tiktok" | "youtube" | "news" | "forum" | "app_review" | "other";
                /** @description Only posts tagged with this topic id */
                topic?: number;
                /** @description Only groups the repeated-text rule flagged */
                flagged?: boolean;
                /** @description Groups per page */
                limit?: number;
                /** @description Groups to skip (paging) */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            texts: {
                                /** @description The group; its posts: GET /v1/posts?cluster=<id> */
                                id: number;
                                /** @description Text of the earliest post of the group */
                                text: string;
                                /** @description Posts of the group in the window (and topic, platform) */
                                postsInWindow: number;
                                /** @description Distinct author pseudonyms among them */
                                authorsInWindow: number;
                                /** @description Posts of the group, every day */
                                size: number;
                                /** @description Distinct author pseudonyms of the group, every day */
                                distinctAuthors: number;
                                firstAt: string;
                                lastAt: string;
                                /** @description True once the group reached the repeated-text rule: its posts count as coordinated */
                                flagged: boolean;
                                /** @description The rule's k when the group was last updated */
                                minAuthors: number;
                                /** @description The rule's window when the group was last updated */
                                windowSeconds: number;
                            }[];
                            /** @description Offset of the next page; null on the last page */
                            nextOffset: number | null;
                        };
                        disclosure: components["schemas"]["Disclosure"];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only this rule */
                rule?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            ruleId: number;
                            ruleName: string;
                            /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                            kind: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                            topicId: number | null;
                            /** @description The event within the rule: one alert per rule and event */
                            eventKey: string;
                            day: string;
                            detectedAt: string;
                            headline: {
                                id: string;
                                en: string;
                            };
                            /** @description What the rule compared */
                            numbers: {
                                [key: string]: number | string | (never | null);
                            };
                            examples: {
                                platform: string;
                                publishedAt: string;
                                text: string | null;
                                url: string | null;
                                label: string;
                            }[];
                            /** @description The dashboard view of the event */
                            link: string;
                            /** @description The rule in words */
                            method: string;
                            deliveries: {
                                channel: "email" | "webhook";
                                /** @description The address, masked: an e-mail domain or a webhook origin */
                                target: string;
                                status: "pending" | "sent" | "failed";
                                attempts: number;
                                nextAttemptAt: string | null;
                                lastError: string | null;
                                sentAt: string | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAlertRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            /** @description Only this topic; null for all posts */
                            topicId: number | (never | null);
                            /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                            kind: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                            /** @description Thresholds of the kind; defaults: {"spike":{"k":3,"minCount":10,"newTermMinCount":8},"negative_rise":{"minPoints":10,"minPosts":30},"volume_jump":{"ratio":2,"minPosts":30},"coverage_failure":{"hours":24}} */
                            params: {
                                [key: string]: number;
                            };
                            /** @description E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight) */
                            quietHours: {
                                /** @description HH:MM, Asia/Jakarta */
                                from: string;
                                /** @description HH:MM, Asia/Jakarta */
                                to: string;
                            } | null;
                            /** @description Least minutes between two alerts of the rule */
                            minIntervalMinutes: number;
                            /** @description Language of the alert text */
                            language: "id" | "en";
                            enabled: boolean;
                            channels: ({
                                /** @enum {string} */
                                type: "email";
                                to: string;
                            } | {
                                /** @enum {string} */
                                type: "webhook";
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                    kind: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                    /** @description Only this topic; null for all posts */
                    topicId?: number | (never | null);
                    /** @description Thresholds of the kind; defaults: {"spike":{"k":3,"minCount":10,"newTermMinCount":8},"negative_rise":{"minPoints":10,"minPosts":30},"volume_jump":{"ratio":2,"minPosts":30},"coverage_failure":{"hours":24}} */
                    params?: {
                        [key: string]: number;
                    };
                    /** @description E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight) */
                    quietHours?: {
                        /** @description HH:MM, Asia/Jakarta */
                        from: string;
                        /** @description HH:MM, Asia/Jakarta */
                        to: string;
                    } | null;
                    /** @description Least minutes between two alerts of the rule */
                    minIntervalMinutes?: number;
                    /** @description Language of the alert text */
                    language?: "id" | "en";
                    enabled?: boolean;
                    /** @description Where alerts go besides the dashboard list */
                    channels: ({
                        /** @enum {string} */
                        type: "email";
                        /** Format: email */
                        to: string;
                    } | {
                        /** @enum {string} */
                        type: "webhook";
                        /** @description Receives a signed JSON POST */
                        url: string;
                        /** @description Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again */
                        secret: string;
                    })[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            /** @description Only this topic; null for all posts */
                            topicId: number | (never | null);
                            /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                            kind: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                            /** @description Thresholds of the kind; defaults: {"spike":{"k":3,"minCount":10,"newTermMinCount":8},"negative_rise":{"minPoints":10,"minPosts":30},"volume_jump":{"ratio":2,"minPosts":30},"coverage_failure":{"hours":24}} */
                            params: {
                                [key: string]: number;
                            };
                            /** @description E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight) */
                            quietHours: {
                                /** @description HH:MM, Asia/Jakarta */
                                from: string;
                                /** @description HH:MM, Asia/Jakarta */
                                to: string;
                            } | null;
                            /** @description Least minutes between two alerts of the rule */
                            minIntervalMinutes: number;
                            /** @description Language of the alert text */
                            language: "id" | "en";
                            enabled: boolean;
                            channels: ({
                                /** @enum {string} */
                                type: "email";
                                to: string;
                            } | {
                                /** @enum {string} */
                                type: "webhook";
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Alert rule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Alert rule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                    kind?: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                    /** @description Only this topic; null for all posts */
                    topicId?: number | (never | null);
                    /** @description Thresholds of the kind; defaults: {"spike":{"k":3,"minCount":10,"newTermMinCount":8},"negative_rise":{"minPoints":10,"minPosts":30},"volume_jump":{"ratio":2,"minPosts":30},"coverage_failure":{"hours":24}} */
                    params?: {
                        [key: string]: number;
                    };
                    /** @description E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight) */
                    quietHours?: {
                        /** @description HH:MM, Asia/Jakarta */
                        from: string;
                        /** @description HH:MM, Asia/Jakarta */
                        to: string;
                    } | null;
                    /** @description Least minutes between two alerts of the rule */
                    minIntervalMinutes?: number;
                    /** @description Language of the alert text */
                    language?: "id" | "en";
                    enabled?: boolean;
                    /** @description Where alerts go besides the dashboard list */
                    channels?: ({
                        /** @enum {string} */
                        type: "email";
                        /** Format: email */
                        to: string;
                    } | {
                        /** @enum {string} */
                        type: "webhook";
                        /** @description Receives a signed JSON POST */
                        url: string;
                        /** @description Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again */
                        secret: string;
                    })[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            name: string;
                            /** @description Only this topic; null for all posts */
                            topicId: number | (never | null);
                            /** @description spike: the published spike rule on today so far; negative_rise: negative share up against the 7 days before; volume_jump: posts today against the 7-day mean; coverage_failure: a connector run ended with an error */
                            kind: "spike" | "negative_rise" | "volume_jump" | "coverage_failure";
                            /** @description Thresholds of the kind; defaults: {"spike":{"k":3,"minCount":10,"newTermMinCount":8},"negative_rise":{"minPoints":10,"minPosts":30},"volume_jump":{"ratio":2,"minPosts":30},"coverage_failure":{"hours":24}} */
                            params: {
                                [key: string]: number;
                            };
                            /** @description E-mail and webhook deliveries detected in these hours wait until they end (from > to spans midnight) */
                            quietHours: {
                                /** @description HH:MM, Asia/Jakarta */
                                from: string;
                                /** @description HH:MM, Asia/Jakarta */
                                to: string;
                            } | null;
                            /** @description Least minutes between two alerts of the rule */
                            minIntervalMinutes: number;
                            /** @description Language of the alert text */
                            language: "id" | "en";
                            enabled: boolean;
                            channels: ({
                                /** @enum {string} */
                                type: "email";
                                to: string;
                            } | {
                                /** @enum {string} */
                                type: "webhook";
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            })[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordExport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description What was exported (the table or chart) */
                    what: string;
                    format: "csv" | "png" | "svg";
                    /** @description The topic of the view */
                    topicId?: number | null;
                    /** @description YYYY-MM-DD, Asia/Jakarta */
                    from?: string;
                    /** @description YYYY-MM-DD, Asia/Jakarta */
                    to?: string;
                    /** @description The name the file was saved under */
                    file?: string;
                };
            };
        };
        responses: {
            /** @description Recorded */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSubscriptions: {
        parameters: {
            query?: {
                /** @description Everyone's subscriptions (admins only) */
                all?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            userId: number;
                            userName: string;
                            /** @description The topic whose report is sent; null: all posts */
                            topicId: number | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            channel: "email" | "webhook";
                            webhook: {
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            } | null;
                            /** @description false: paused */
                            active: boolean;
                            createdAt: string;
                            updatedAt: string;
                            lastDelivery: {
                                /** @description The report day */
                                day: string;
                                status: "pending" | "sent" | "failed";
                                attempts: number;
                                lastError: string | null;
                                sentAt: string | null;
                                nextAttemptAt: string | null;
                            } | null;
                        }[];
                        profile: {
                            email: string | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            /** @description false: the deployment default (REPORT_LANGUAGE) applies */
                            languageSet: boolean;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    channel: "email" | "webhook";
                    /** @description The topic's report; null for all posts */
                    topicId?: number | (never | null);
                    /** @description Language of the brief */
                    language?: "id" | "en";
                    /**
                     * Format: email
                     * @description The user's address the brief is e-mailed to
                     */
                    email?: string;
                    webhook?: {
                        /** @description Receives a signed JSON POST */
                        url: string;
                        /** @description Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again */
                        secret: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            userId: number;
                            userName: string;
                            /** @description The topic whose report is sent; null: all posts */
                            topicId: number | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            channel: "email" | "webhook";
                            webhook: {
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            } | null;
                            /** @description false: paused */
                            active: boolean;
                            createdAt: string;
                            updatedAt: string;
                            lastDelivery: {
                                /** @description The report day */
                                day: string;
                                status: "pending" | "sent" | "failed";
                                attempts: number;
                                lastError: string | null;
                                sentAt: string | null;
                                nextAttemptAt: string | null;
                            } | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSubscriptionProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description The user's address the brief is e-mailed to
                     */
                    email?: string | null;
                    language?: ("id" | "en") | (never | null);
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            email: string | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            /** @description false: the deployment default (REPORT_LANGUAGE) applies */
                            languageSet: boolean;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Subscription id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Subscription id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The topic's report; null for all posts */
                    topicId?: number | (never | null);
                    /** @description Language of the brief */
                    language?: "id" | "en";
                    /** @description false pauses it */
                    active?: boolean;
                    webhook?: {
                        /** @description Receives a signed JSON POST */
                        url: string;
                        /** @description Key of the HMAC-SHA-256 signature (X-Pantau-Signature); never shown again */
                        secret: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            userId: number;
                            userName: string;
                            /** @description The topic whose report is sent; null: all posts */
                            topicId: number | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            channel: "email" | "webhook";
                            webhook: {
                                url: string;
                                /**
                                 * @description The secret is never shown
                                 * @enum {string}
                                 */
                                secret: "set";
                            } | null;
                            /** @description false: paused */
                            active: boolean;
                            createdAt: string;
                            updatedAt: string;
                            lastDelivery: {
                                /** @description The report day */
                                day: string;
                                status: "pending" | "sent" | "failed";
                                attempts: number;
                                lastError: string | null;
                                sentAt: string | null;
                                nextAttemptAt: string | null;
                            } | null;
                        };
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSubscriptionDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Subscription id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description The report day */
                            day: string;
                            status: "pending" | "sent" | "failed";
                            attempts: number;
                            lastError: string | null;
                            sentAt: string | null;
                            nextAttemptAt: string | null;
                            id: number;
                            topicId: number | null;
                            /** @description Language of the brief */
                            language: "id" | "en";
                            channel: "email" | "webhook";
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitPosts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    posts: unknown[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        received: number;
                        published: number;
                        rejected: {
                            index: number;
                            reason: string;
                            detail: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: the parameter at fault is named (`error.parameter`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The named resource does not exist */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit exceeded; the Retry-After header says when to retry */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
