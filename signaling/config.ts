/**
 * The server's configuration: one schema with defaults, parsed once in main.ts (conventions §13).
 * Sources, later ones winning: config file (JSON, `--config` or CLASSROOM_CONFIG), environment
 * variables `CLASSROOM__SECTION__KEY`, then PORT/HOST for convenience. Unknown keys are errors.
 * Every field is documented in config.example.json.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { storageConfigSchema } from '../classroom/index.js';

/**
 * A key that no longer exists: refused with why and what replaces it, rather than zod's
 * generic "unrecognized key" (a school's config file written for an older version).
 */
function removed(why: string) {
  return z.unknown().refine((v) => v === undefined, { error: `removed: ${why}; delete the key` }).optional();
}

const removedJanusKey = removed('it configured the Janus engine, removed in issue 12 (mediasoup is the only engine)');

const iceServer = z.object({ urls: z.array(z.string().min(1)).min(1), username: z.string().optional(), credential: z.string().optional() }).strict();

export const configSchema = z
  .object({
    node: z.object({ id: z.string().min(1).default(hostname()) }).strict().prefault({}),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).strict().prefault({}),
    dataDir: z.string().min(1).default('data'),
    http: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8080),
        /**
         * Base of the links the server prints; default http://localhost:<port>. When set, its
         * origin is the only page origin (with `allowedOrigins`) whose requests and WebSocket
         * upgrades are accepted with a user's cookie; when not set, the request's own host.
         */
        publicUrl: z.string().url().optional(),
        /** More page origins accepted (scheme://host[:port]), e.g. a second name of the server. Default none. */
        allowedOrigins: z.array(z.string().url()).default([]),
        clientDir: z.string().default('dist/client'),
        /**
         * The page's service worker (client/sw/): a returning student's page from the browser's
         * cache (docs/deploy.md "The page from the browser's cache"). false serves a worker that
         * removes itself and its cache from every browser that comes back.
         */
        pageCache: z.boolean().default(true),
        tls: z.object({ certFile: z.string(), keyFile: z.string() }).strict().optional(),
      })
      .strict()
      .prefault({}),
    signaling: z
      .object({
        maxPayloadBytes: z.number().int().min(1024).default(128 * 1024),
        idleTimeoutSeconds: z.number().int().min(8).default(30),
        maxBackpressureBytes: z.number().int().min(64 * 1024).default(1024 * 1024),
        joinTimeoutMs: z.number().int().min(1000).default(10_000),
        messagesPerSecond: z.number().min(1).default(50),
        messageBurst: z.number().int().min(1).default(100),
        maxBadFrames: z.number().int().min(1).default(10),
        requestTimeoutMs: z.number().int().min(1000).default(15_000),
        /** Joins per user (any lesson, any connection): `joinBurst` at once, then this many a minute. */
        joinsPerMinute: z.number().min(1).default(30),
        joinBurst: z.number().int().min(1).default(10),
        /**
         * Media negotiations a client starts (media restarts) per user and lesson:
         * `negotiationBurst` at once, then this many a minute (issue 13.6). The transport calls
         * have their own budgets (MediaCallLimits).
         */
        negotiationsPerMinute: z.number().min(1).default(60),
        negotiationBurst: z.number().int().min(1).default(20),
        maxOfferMLines: removed('the SDP offers it bounded went with the Janus engine (issue 12)'),
      })
      .strict()
      .prefault({}),
    lesson: z
      .object({
        reconnectGraceMs: z.number().int().min(0).default(20_000),
        chatHistory: z.number().int().min(0).max(1000).default(100),
        /** A room nobody is in is closed (not ended) after this long. */
        emptyRoomCloseMs: z.number().int().min(0).default(5 * 60_000),
        /**
         * Between two liveness marks of the lessons this node hosts. After a crash, presences
         * are closed at the last mark: at most this much presence is lost. Default 10 s.
         */
        livenessIntervalMs: z.number().int().min(100).default(10_000),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /** Secret for join links and resume tokens; generated and kept in dataDir when absent. */
        linkSecret: z.string().min(32).optional(),
        linkTtlHours: z.number().min(0.1).max(24 * 30).default(12),
        /**
         * Password hashing (argon2) running at once, and waiting, before logins are refused
         * with 503 "busy": a login flood must not take the cores from the live lessons.
         * maxConcurrent 0 = the cores minus one (at least 1).
         */
        hashing: z
          .object({ maxConcurrent: z.number().int().min(0).max(64).default(0), maxQueued: z.number().int().min(0).default(100) })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    media: z
      .object({
        /**
         * The SFU: mediasoup, the only engine since issue 12 removed Janus (docs/sfu.md). The key
         * may be left out; a config that still names "janus" is refused with a message saying so.
         */
        engine: z
          .string()
          .refine((v) => v === 'mediasoup', {
            error: (issue) =>
              issue.input === 'janus' ? 'the Janus engine was removed (issue 12): mediasoup is the only media engine; set "mediasoup" or delete the key' : 'must be "mediasoup"',
          })
          .default('mediasoup'),
        /** mediasoup workers; 0 = one per CPU core. */
        instances: z.number().int().min(0).max(64).default(0),
        /** Public IP announced in candidates when the server is behind 1:1 NAT. */
        publicIp: z.string().optional(),
        /** Cap of each publisher's total upload (all layers + screen: the send transport's max incoming bitrate), bits per second. */
        publisherBitrateBps: z.number().int().min(64_000).default(1_500_000),
        /**
         * The first sound of a join (docs/weak-networks.md "The first sound"): a first visit hears
         * the teacher through a receive-only transport while its media library downloads. false:
         * FirstSoundRequest is answered empty (nothing to hear), as bench:netem --first-sound off does.
         */
        firstSound: z.boolean().default(true),
        janusBinary: removedJanusKey,
        eventLoops: removedJanusKey,
        rtpPortMin: removed('mediasoup uses one UDP and one TCP port per worker: media.mediasoup.port'),
        rtpPortMax: removed('mediasoup uses one UDP and one TCP port per worker: media.mediasoup.port'),
        iceEnforceList: removed('set media.mediasoup.listenIp (and media.publicIp behind 1:1 NAT)'),
        stunServer: removedJanusKey,
        iceTcp: removed('mediasoup always offers ICE over TCP on media.mediasoup.port'),
        /**
         * SRTP library of the worker: "auto" = the OpenSSL build of libsrtp2 when
         * `npm run media:build` made it, else the system one (logged, and in /metrics);
         * "system" = always the distribution's (NSS on Debian), for comparisons. docs/sfu.md.
         */
        srtpLibrary: z.enum(['auto', 'system']).default('auto'),
        /** Options of the mediasoup engine. */
        mediasoup: z
          .object({
            /** The mediasoup-worker binary; default MEDIASOUP_WORKER_BIN, else the build cache of `npm run media:build`. */
            workerBin: z.string().min(1).optional(),
            /** Local IP the workers listen on; with 0.0.0.0, `publicIp` (or the first external IPv4) is announced. */
            listenIp: z.string().default('0.0.0.0'),
            /** Media port of worker 0, UDP and TCP; worker n uses port + n. Open them in the firewall. */
            port: z.number().int().min(1024).max(65535).default(40000),
            /** Offer transport-wide congestion control (else REMB). See docs/sfu.md. */
            transportWideCc: z.boolean().default(true),
            /** The send estimate a new receive transport starts from, bit/s: a new consumer starts at the layer that fits it. docs/sfu.md. */
            initialOutgoingBitrateBps: z.number().int().min(100_000).max(10_000_000).optional(),
            workerLogLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
            /**
             * SO_SNDBUF/SO_RCVBUF of the workers' media sockets, bytes; capped by the kernel at
             * net.core.wmem_max/rmem_max (raise those: docs/sfu.md "Socket buffers"). 0 = the
             * kernel's default. Default 4 MiB.
             */
            socketBufferBytes: z.number().int().min(0).max(1 << 30).optional(),
            /**
             * Consumers a worker carries before a lesson spreads its new peers onto other workers
             * (the cascade, with instances > 1); default 600 (docs/sfu.md "Cascade").
             */
            workerCapacity: z.number().int().min(1).optional(),
            /** Share of one core above which a worker counts as full for the same choice; default 0.85. */
            workerCpuLimit: z.number().gt(0).max(64).optional(),
          })
          .strict()
          .prefault({}),
        /**
         * A lesson bigger than its node (docs/cluster.md "One lesson over several nodes"): with
         * several nodes (`cluster.redisUrl`), every node pipes streams to and serves peers for the
         * others; `enabled` lets this node place the receiving side of its lessons' new peers on
         * the least loaded other node once every local worker is full. Default off.
         */
        edges: z
          .object({
            enabled: z.boolean().default(false),
            /** The IPv4 address this node's pipes listen on, one the other nodes reach (a private network). Default 127.0.0.1 (one machine). */
            pipeIp: z.ipv4().default('127.0.0.1'),
            /** The address other nodes send pipe media to, when it is not pipeIp (NAT between nodes). */
            announcedIp: z.ipv4().optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * Several nodes: set `redisUrl` (and PostgreSQL storage) so that nodes see each other and a
     * lesson is hosted by one node at a time. Without it the node is alone (in-memory).
     */
    cluster: z
      .object({
        redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
        keyPrefix: z.string().min(1).max(64).default('classroom:'),
        nodeTtlMs: z.number().int().min(1000).default(10_000),
        leaseTtlMs: z.number().int().min(1000).default(15_000),
      })
      .strict()
      .prefault({}),
    /**
     * Prometheus metrics (issue 13.6): never open on the public port. A separate listener on
     * `host`:`port` (loopback by default) serves /metrics, /healthz and /readyz; the main port
     * serves /metrics only to `Authorization: Bearer <token>` when a token is set.
     */
    metrics: z
      .object({
        /** Default 127.0.0.1: only a scraper on this machine (or through a tunnel) reaches it. */
        host: z.string().min(1).default('127.0.0.1'),
        /** Default 9464; 0 = a free port (tests); -1 = no separate listener. */
        port: z.number().int().min(-1).max(65535).default(9464),
        /** At least 32 characters; default none (no /metrics on the main port). */
        token: z.string().min(32).optional(),
      })
      .strict()
      .prefault({}),
    /** Where the school's records live: SQLite file (default) or PostgreSQL (several nodes). */
    storage: storageConfigSchema.prefault({}),
    /** Handed-in work and teachers' attachments (issue 8): limits checked on the declared size and while streaming. */
    assignments: z
      .object({
        /** Largest file, bytes. Default 50 MiB. */
        maxFileBytes: z.number().int().min(1024).default(50 * 1024 * 1024),
        /** Largest total of one submission's files, bytes. Default 100 MiB. */
        maxSubmissionBytes: z.number().int().min(1024).default(100 * 1024 * 1024),
        /** Most files in one submission. Default 20. */
        maxFilesPerSubmission: z.number().int().min(1).max(50).default(20),
        /** Unfinished uploads are removed after this many hours. Default 24. */
        uploadExpiryHours: z.number().min(1).max(24 * 14).default(24),
      })
      .strict()
      .prefault({}),
    /** The materials library (R9). */
    materials: z
      .object({
        /** Largest file of a material (a lesson video), bytes. Default 200 MiB. */
        maxFileBytes: z.number().int().min(1024).default(200 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    /** The school statistics (R15, classroom/statistics). */
    statistics: z
      .object({
        /**
         * How often the presence of lessons ended since is folded into summaries, ms; 0 = never
         * (every report folds the events of the lessons not summarized: slow for a term). Default 60000.
         */
        summaryIntervalMs: z.number().int().min(0).max(3_600_000).default(60_000),
      })
      .strict()
      .prefault({}),
    /** Server-side recording of lessons (issue 9, docs/recording.md). */
    recording: z
      .object({
        /** Offer recording at all (it needs Debian's ffmpeg). Default true. */
        enabled: z.boolean().default(true),
        /** Folder of the segments being recorded; default `<dataDir>/recordings`. */
        directory: z.string().min(1).optional(),
        ffmpegPath: z.string().min(1).default('ffmpeg'),
        ffprobePath: z.string().min(1).default('ffprobe'),
        /** Recording stops (the teacher is told) under this much free disk, MiB. Default 200. */
        minFreeMb: z.number().int().min(0).default(200),
        /** Post-processing jobs at once on this node; 0 = one per core. Default 0. */
        jobConcurrency: z.number().int().min(0).max(64).default(0),
      })
      .strict()
      .prefault({}),
    /** ICE servers (STUN/TURN) handed to browsers as they are (static credentials, if any). */
    iceServers: z.array(iceServer).default([]),
    /**
     * The project's TURN server (coturn with `use-auth-secret`, docs/weak-networks.md): each join
     * gets a credential minted from `secret` that expires after `ttlSeconds`. Unset = no TURN
     * (ICE over TCP to the SFU itself is the fallback for networks that block UDP).
     */
    turn: z
      .object({
        /** coturn's `static-auth-secret`; at least 32 characters. */
        secret: z.string().min(32),
        /** e.g. ["turn:turn.school.vn:3478?transport=udp", "turn:turn.school.vn:3478?transport=tcp", "turns:turn.school.vn:443?transport=tcp"]. */
        urls: z.array(z.string().regex(/^turns?:/, 'must start with turn: or turns:')).min(1),
        /** Credential lifetime, seconds. Default 4 h: longer than a school half-day; a reconnection mints a new one. */
        ttlSeconds: z.number().int().min(10).max(86_400).default(14_400),
      })
      .strict()
      .optional(),
    demo: z
      .object({
        /** Create a demo class with a lesson and print teacher/student links at start-up. */
        enabled: z.boolean().default(true),
        students: z.number().int().min(1).max(50).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type AppConfig = z.output<typeof configSchema>;
