//! The data the core produces: the report and every type in it, and the domain values (scope,
//! verdict, grade, writer, rules, diagnostics) as enums.
//!
//! This is the leaf of the core: it imports nothing of it, so every stage can use these types
//! without depending on another stage. Field names and serialised enum values are the "Report
//! contract" of `tests/data/corpus/README.md` (guarded byte for byte by the golden snapshots in
//! `tests/data/golden/`); the words shown to people are written in [`crate::core::wording`].

use std::fmt;

use serde::{Serialize, Serializer};

/// An enum of fixed names: each value serialises as its name (the JSON contract), and
/// `as_str` / `Display` give the same name, so the name is written once.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// The serialised name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// The whole analysis of one input.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Report {
    /// Chronological: `hops[0]` is the sender side.
    pub hops: Vec<Hop>,
    pub summary: Summary,
    /// Plain-language notes about the input itself ("no Received headers found", …).
    pub diagnostics: Vec<Diagnostic>,
    /// Who/what/when of the message (From, To, Subject, Date, Message-ID, TLS-Required, …).
    pub message: MessageInfo,
    /// Authentication-Results / ARC-Authentication-Results, one entry per authserv-id.
    pub authentication: Vec<AuthResult>,
    /// The caveats the verdict depends on (submission, retrieval, forgeable lines, storage).
    pub caveats: Vec<Caveat>,
    /// Seconds from the first to the last timestamped hop, when both are known.
    pub total_transit_seconds: Option<i64>,
    /// Every header field of the input, in order, with encoded words decoded.
    pub headers: Vec<HeaderField>,
    /// What Microsoft 365 recorded about the route, from the topmost copy of its headers (a
    /// sender can add any of them below); absent without them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub microsoft_365: Option<Microsoft365>,
}

/// Exchange Online's own route facts (`X-MS-Exchange-…` headers, topmost copies only).
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Microsoft365 {
    /// `X-MS-Exchange-Organization-AuthAs`: `Anonymous` (from the Internet), `Internal`, `Partner`.
    pub organization_auth_as: Option<String>,
    /// `X-MS-Exchange-Organization-MessageDirectionality`: `Incoming`, `Originating`.
    pub message_directionality: Option<String>,
    /// `X-MS-Exchange-CrossTenant-AuthAs`.
    pub cross_tenant_auth_as: Option<String>,
    /// `X-MS-Exchange-CrossTenant-FromEntityHeader`: `Internet`, `Hosted`.
    pub from_entity: Option<String>,
    /// `X-MS-Exchange-ExternalOriginalInternetSender` (Enhanced Filtering): the real Internet
    /// sender behind a third-party gateway.
    pub external_original_internet_sender: Option<String>,
    /// `X-MS-Exchange-SkipListedInternetSender` (Enhanced Filtering).
    pub skip_listed_internet_sender: Option<String>,
    /// How the message reached Exchange Online: through a gateway in front of it, or directly
    /// from an Internet host (bypassing a gateway the domain's MX may name).
    pub entry: Option<M365Entry>,
}

named_enum! {
    /// How a message entered Exchange Online.
    pub enum M365Entry {
        Direct = "direct",
        ViaGateway = "via-gateway",
    }
}

/// A TLS fact another header records about a hop, read before it is set beside its hop.
#[derive(Clone, Debug, PartialEq)]
pub struct WitnessReport {
    /// The header that says it (`Authentication-Results`, `X-Pm-Transfer-Encryption`, …).
    pub header: &'static str,
    /// What it says, as written.
    pub says: String,
    /// TLS used (true), not used (false), or not stated.
    pub tls: Option<bool>,
    /// Which hop it is about.
    pub about: WitnessTarget,
    /// The topmost copy of its header name: only that one may settle a hop (a sender can add
    /// copies of any header below the recipient's own).
    pub topmost: bool,
}

/// How a witness names its hop.
#[derive(Clone, Debug, PartialEq)]
pub enum WitnessTarget {
    /// The hop where the message entered the organisation of this host (an authserv-id).
    EnteringOrgOf(String),
    /// The hop whose queue id this is (rspamd's `X-Rspamd-Queue-Id`).
    QueueId(String),
    /// The hop where the message entered the recipient's side.
    EntryHop,
}

/// A second witness beside a hop's Received line.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Witness {
    pub header: String,
    pub says: String,
    /// Whether it agrees with what the Received line says about TLS (null: the line says
    /// nothing to compare).
    pub agrees: Option<bool>,
    /// Whose header it is: the side that wrote the hop's line.
    pub written_by: Provenance,
}

/// One Received field, as a hop of the route.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Hop {
    /// 1-based, chronological.
    pub index: usize,
    /// 1 = topmost Received field of the input.
    pub received_index: usize,
    /// What the line itself says (from/by/with/TLS facts).
    #[serde(flatten)]
    pub line: ReceivedLine,
    /// Seconds since the previous hop's timestamp (negative = clock skew, flagged, not hidden).
    pub delay_seconds: Option<i64>,
    /// What the path reasoning concluded about this hop.
    #[serde(flatten)]
    pub assessment: HopAssessment,
}

/// The overall answer.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Summary {
    pub verdict: SummaryVerdict,
    /// One plain-language sentence.
    pub text: String,
    /// The hop the sentence names (the first unencrypted or unrecorded hand-off), if any.
    pub hop: Option<usize>,
    /// Every hop the verdict rests on (all unencrypted / unrecorded / weak hand-offs).
    pub hops: Vec<usize>,
    /// The hops judged as hand-offs between providers (scope cross-provider or unknown).
    pub handoffs: Vec<usize>,
    /// The hops whose TLS facts decide the verdict (for "encrypted": every hand-off judged).
    pub rests_on: Vec<usize>,
    /// Where the records end and the claims begin.
    pub trust: Trust,
}

/// The trust boundary of a route.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Trust {
    /// The hops written by the recipient's side (its provider, and a gateway in front of it).
    pub recipient_side: Vec<usize>,
    /// The hop where the message entered the recipient's side from outside, if one did.
    pub entry_hop: Option<usize>,
    /// The highest hop whose line is below a break in the chain (it and every hop below it are
    /// claims), if the chain breaks.
    pub chain_break: Option<usize>,
}

/// A byte range `[start, end)` of [`ReceivedLine::raw`] that a fact was read from; the UI
/// highlights it.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A fact and the span of the raw header it came from.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Evidence {
    /// Which fact: `tls`, `tls_version`, `cipher`, `bits`, `cert_verified`, `with`, `from`, `by`, …
    /// (the report field the span supports). A fixed label, so recording a fact allocates nothing.
    pub fact: &'static str,
    pub span: Span,
}

/// A header field of the input.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct HeaderField {
    pub name: String,
    /// The value with encoded words decoded and folding removed.
    pub value: String,
    /// The field as written (name, colon, folded value), for the raw view.
    pub raw: String,
}

/// Summary of the message's identity headers.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct MessageInfo {
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub date: Option<String>,
    pub message_id: Option<String>,
    /// RFC 8689 `TLS-Required: No` was present: the sender asked servers to deliver even without TLS.
    pub tls_required_no: bool,
}

/// One authentication result set (per authserv-id).
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct AuthResult {
    /// `Authentication-Results` or `ARC-Authentication-Results`.
    pub header: String,
    pub authserv_id: String,
    pub spf: Option<String>,
    pub dkim: Option<String>,
    pub dmarc: Option<String>,
    pub arc: Option<String>,
}

/// A caveat the reader must know, in plain words.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Caveat {
    /// Stable id, for tests and UI anchors.
    pub id: CaveatId,
    pub title: String,
    pub text: String,
}

named_enum! {
    /// Which caveat.
    pub enum CaveatId {
        /// Step 1, the sender's connection to their own provider.
        Submission = "submission",
        /// Step 3, the recipient reading the message.
        Retrieval = "retrieval",
        /// Lines below the recipient's side could be forged.
        Forgeable = "forgeable",
        /// A hop did not come from the server that received the previous one.
        ChainBreak = "chain-break",
        /// RFC 8689 `TLS-Required: No`.
        TlsRequiredNo = "tls-required-no",
        /// TLS protects transit, not storage.
        Storage = "storage",
    }
}

/// What one Received line says. Field names up to `cert_verified` are the report contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct ReceivedLine {
    /// The field as written: `Received: …` with its folding.
    pub raw: String,
    /// The token after `from` exactly as written.
    pub from_host: Option<String>,
    /// The connecting IP, canonical text (RFC 5952), no brackets/`IPv6:`/port.
    pub from_ip: Option<String>,
    pub by_host: Option<String>,
    /// The `with` protocol keyword as written.
    pub with: Option<String>,
    #[serde(flatten)]
    pub tls: TlsFacts,
    /// A local hand-off, not a network connection (sendmail Submit, qmail invoked, Postfix pickup).
    pub non_transfer: bool,
    /// Reverse-DNS name from the TCP-info comment, when different from `from_host`.
    pub from_rdns: Option<String>,
    pub from_port: Option<u16>,
    pub by_ip: Option<String>,
    pub via: Option<String>,
    pub id: Option<String>,
    pub for_addr: Option<String>,
    pub envelope_from: Option<String>,
    /// Timestamp normalised to UTC, RFC 3339 (`2019-08-19T14:41:21Z`).
    pub timestamp: Option<String>,
    /// Seconds since the Unix epoch (UTC), for delays.
    pub unix_time: Option<i64>,
    /// The original UTC offset as written (`-0400`).
    pub timestamp_offset: Option<String>,
    /// Where each fact came from in `raw`.
    pub evidence: Vec<Evidence>,
    /// The HELO/EHLO name when the line records it separately (`helo=x`, `(HELO x)`).
    pub from_helo: Option<String>,
    /// The product comment after the by-host as written (`Postfix`, `8.14.4/8.13.8`, `Exim 4.93`).
    pub by_product: Option<String>,
    /// The software the layout identifies, if any.
    pub writer: Option<Writer>,
    /// The sender logged in (SMTP AUTH): an `…A` protocol (`ESMTPSA`, `MailEnable ESMTPA`), or an
    /// authentication note (`(authenticated …)`, `(Authenticated sender: …)`, sendmail
    /// `(user=… mech=…)`, qmail `(user@domain@ip)`, a product comment ending in `AUTH`).
    pub authenticated: bool,
    /// The receiving host's own name when the by-host is a placeholder (amavis writes
    /// `by localhost (amavis.example.org [192.0.2.47])`).
    pub by_host_real: Option<String>,
    /// Plain-language notes about this line (truncated, no date, …).
    pub notes: Vec<Diagnostic>,
}

/// What the receiving server recorded about TLS. Field names are the report contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct TlsFacts {
    /// true: recorded; false: the dialect would show TLS and does not; null: cannot tell.
    pub tls: Option<bool>,
    /// `TLS1.0`…`TLS1.3`, `SSL3`, `TLS (version unknown)`.
    pub tls_version: Option<String>,
    /// Cipher suite exactly as written.
    pub cipher: Option<String>,
    /// Effective key bits (first number printed).
    pub bits: Option<u32>,
    pub cert_verified: Option<bool>,
    /// The verification wording as written (`verify=NOT`, `No client certificate requested`).
    pub cert_verification_raw: Option<String>,
    /// Key exchange as printed (Postfix 3.4+: `X25519`).
    pub key_exchange: Option<String>,
    /// Server signature as printed (Postfix 3.4+: `RSA-PSS (2048 bits)`).
    pub signature: Option<String>,
    /// Which dialect rule decided `tls`.
    pub tls_rule: Option<TlsRule>,
}

/// What the path reasoning concluded about one hop. `scope`, `verdict`, `reason` are the contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct HopAssessment {
    pub scope: Scope,
    pub verdict: Verdict,
    /// Plain-language explanation of the verdict and the rule that produced it.
    pub reason: String,
    /// Which scope rule decided.
    pub scope_rule: ScopeRule,
    /// The scope rule's general explanation.
    pub scope_explanation: String,
    /// Which verdict rule decided.
    pub verdict_rule: Rule,
    /// The verdict's general explanation, for a non-expert.
    pub verdict_explanation: String,
    /// What the TLS facts alone say, also for internal hops: `encrypted`, `not-encrypted-inferred`,
    /// `not-recorded`, or null for local hand-offs.
    pub transport: Option<Verdict>,
    /// Every rule an inference rests on, with its evidence (empty when nothing was inferred).
    pub inferences: Vec<Inference>,
    /// The sending side's organisation.
    pub from_org: Option<OrgRef>,
    /// The receiving side's organisation.
    pub by_org: Option<OrgRef>,
    /// How strong the recorded encryption was (only when TLS was recorded).
    pub strength: Option<Strength>,
    /// Plain words about the certificate check (only when TLS was recorded).
    pub cert_explanation: Option<String>,
    /// This line was written by a server of the recipient's organisation (trustworthy); lines
    /// below the first of those could have been written by anyone.
    pub recipient_side: bool,
    /// The sender of this hop is not the server that received the previous one: lines are
    /// missing, or the lines below were forged.
    pub chain_break: Option<String>,
    /// Who wrote the line, as far as the chain of records shows: the recipient's own side, a
    /// server upstream whose record the chain confirms, or a line below a break (a claim).
    pub provenance: Provenance,
    /// Both ends are servers of this one provider (by provider-table id): a hop inside a
    /// multi-tenant provider (Microsoft 365 tenant to tenant, Gmail to Gmail), judged when the
    /// route has no other hand-off.
    pub carried_by: Option<String>,
    /// TLS facts other headers record about this hop, beside the Received line.
    pub witnesses: Vec<Witness>,
    /// Which record decided `verdict`: the Received line, or a witness of the recipient's side
    /// where the line did not state TLS.
    pub verdict_source: VerdictSource,
}

named_enum! {
    /// Which record decided a hop's verdict.
    #[derive(Default)]
    pub enum VerdictSource {
        #[default]
        Received = "received",
        Witness = "witness",
    }
}

named_enum! {
    /// Who wrote a Received line, read from the top down.
    #[derive(Default)]
    pub enum Provenance {
        /// Written by the recipient's provider or gateway: a record.
        #[default]
        RecordedByRecipientSide = "recorded-by-recipient-side",
        /// Written upstream, by a server the chain of records confirms (each line's receiver is
        /// the sender the line above names).
        RecordedUpstream = "recorded-upstream",
        /// Below a break in the chain: a claim by the sender's side, which could be forged.
        AfterChainBreak = "after-chain-break",
    }
}

/// An organisation as shown in the report.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct OrgRef {
    /// Provider id from the knowledge base, or the registrable domain.
    pub id: String,
    /// Short name (`Microsoft`).
    pub name: String,
    /// Full name (`Microsoft (Exchange Online / Outlook.com / Hotmail)`).
    pub full_name: String,
    pub kind: OrgKind,
}

named_enum! {
    /// What kind of organisation: a row of the provider table, or just a registrable domain.
    pub enum OrgKind {
        /// Mailbox provider (Gmail, Microsoft 365, Yahoo …).
        Mailbox = "mailbox",
        /// Security gateway in front of mailboxes (Proofpoint, Mimecast …).
        Gateway = "gateway",
        /// Sending service for others (SendGrid, Amazon SES …).
        Sender = "sender",
        /// Web and mail hoster.
        Hosting = "hosting",
        /// Mailing-list service.
        List = "list",
        /// Not in the provider table: the registrable domain stands for the organisation.
        Domain = "domain",
    }
}

impl OrgKind {
    /// The provider table's spelling (`providers.tsv`, column `kind`).
    pub fn from_table(kind: &str) -> Option<OrgKind> {
        Some(match kind {
            "mailbox" => OrgKind::Mailbox,
            "gateway" => OrgKind::Gateway,
            "sender" => OrgKind::Sender,
            "hosting" => OrgKind::Hosting,
            "list" => OrgKind::List,
            _ => return None,
        })
    }
}

/// A rule an inference rests on, and the evidence it used.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Inference {
    pub rule: Rule,
    pub evidence: String,
    /// Where the rule comes from (knowledge-base source note, format research).
    pub source: String,
}

/// The grade and the findings that produced it.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Strength {
    pub grade: Grade,
    pub reasons: Vec<StrengthReason>,
}

/// One finding about the session's strength.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct StrengthReason {
    /// Stable id: `tls13`, `tls12`, `old-protocol`, `ssl`, `forward-secrecy`, `no-forward-secrecy`,
    /// `aead`, `cbc`, `rc4`, `3des`, `des`, `export`, `anonymous`, `null-cipher`, `short-key`,
    /// `version-unknown`, `cipher-unknown`.
    pub id: &'static str,
    pub effect: Effect,
    pub text: String,
}

named_enum! {
    /// Which side of the grade a strength finding pushes.
    pub enum Effect {
        Good = "good",
        Neutral = "neutral",
        Weak = "weak",
        Broken = "broken",
    }
}

named_enum! {
    /// Does a hop cross between organisations over the Internet?
    #[derive(Default)]
    pub enum Scope {
        /// Inside one host or one organisation.
        Internal = "internal",
        /// A hand-off between organisations: the hop whose encryption matters.
        CrossProvider = "cross-provider",
        /// The sender's own step 1 (logged-in client, web or API injection).
        Submission = "submission",
        /// Not a network connection: programs on one server.
        #[default]
        Local = "local",
        /// The line does not say enough to tell.
        Unknown = "unknown",
    }
}

named_enum! {
    /// What the receiving server recorded about one hop, read against its scope.
    ///
    /// Plaintext is almost never *stated* in a Received line; it is concluded from silence in a
    /// line whose writer would have shown TLS or whose receiving provider always records TLS. Both
    /// give [`Verdict::NotEncryptedInferred`], naming the rule. [`Verdict::NotEncrypted`] is kept for
    /// a line that states plaintext outright; no catalogued writer does, so it is not produced today.
    #[derive(Default)]
    pub enum Verdict {
        Encrypted = "encrypted",
        NotEncrypted = "not-encrypted",
        NotEncryptedInferred = "not-encrypted-inferred",
        NotRecorded = "not-recorded",
        Internal = "internal",
        #[default]
        Local = "local",
    }
}

impl Verdict {
    /// Recorded or inferred plaintext.
    pub fn is_not_encrypted(self) -> bool {
        matches!(self, Verdict::NotEncrypted | Verdict::NotEncryptedInferred)
    }
}

named_enum! {
    /// The overall answer over the hand-offs between providers.
    #[derive(Default)]
    pub enum SummaryVerdict {
        Encrypted = "encrypted",
        NotEncrypted = "not-encrypted",
        Unknown = "unknown",
        #[default]
        NoHops = "no-hops",
    }
}

named_enum! {
    /// How strong a recorded TLS session was.
    #[derive(PartialOrd, Ord, Default)]
    pub enum Grade {
        /// SSL 2/3, or no encryption at all.
        Broken = "broken",
        /// A deprecated protocol or a weak construction.
        Weak = "weak",
        /// TLS was recorded without version or cipher.
        #[default]
        Unknown = "unknown",
        /// Nothing weak found, but not every property of strong is shown.
        Acceptable = "acceptable",
        /// TLS 1.3, or TLS 1.2 with a forward-secret AEAD suite.
        Strong = "strong",
    }
}

impl Grade {
    /// Weak or broken: worth naming in the summary.
    pub fn is_weak(self) -> bool {
        matches!(self, Grade::Weak | Grade::Broken)
    }
}

named_enum! {
    /// The software that wrote a Received line, as far as its layout tells. Only writers whose TLS
    /// logging is known are told apart (`docs/formats.md` §4.5).
    pub enum Writer {
        Postfix = "postfix",
        Sendmail = "sendmail",
        Exim = "exim",
        Exchange = "exchange",
        IisSmtpsvc = "iis-smtpsvc",
        Gmail = "gmail",
        Mimecast = "mimecast",
        Postini = "postini",
        ProofpointEssentials = "proofpoint-essentials",
        Ironport = "ironport",
        Qmail = "qmail",
        Amavis = "amavis",
        Haraka = "haraka",
        Opensmtpd = "opensmtpd",
        Kerio = "kerio",
        Communigate = "communigate",
        Mdaemon = "mdaemon",
    }
}

/// Which dialect rule of `tls.rs` decided a line's `tls` fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsRule {
    /// A protocol name with the TLS "S" (RFC 3848 `ESMTPS`, `LMTPS`, `UTF8SMTPS`, `HTTPS` …).
    ProtocolTlsS,
    /// `(version=… cipher=… bits=…)` (sendmail, Gmail, hMailServer, Barracuda, Haraka …).
    VersionCipherComment,
    /// Postfix family `(using TLSv1.2 with cipher …)`.
    PostfixUsingComment,
    /// `V:C:N` (Exim < 4.93, OpenSMTPD, MDaemon).
    ColonVersionCipherBits,
    /// Exim's `(TLS1.2) tls CIPHER` and similar version comments.
    EximVersionComment,
    /// RFC 8314 `tls CIPHER` clause.
    Rfc8314TlsClause,
    /// Courier `TLS: V, N bits, C`.
    CourierTlsComment,
    /// Exchange `(TLS)`.
    ExchangeTlsComment,
    /// IIS `over TLS secured channel`.
    IisOverTls,
    /// Google `(Google Transport Security)`.
    GoogleTransportSecurity,
    /// IronPort `with ESMTP/TLS/<cipher>`.
    IronportEsmtpTls,
    /// qmail TLS patch `(<cipher> encrypted)`.
    QmailEncrypted,
    /// Mimecast `with ESMTP with STARTTLS`.
    MimecastStarttls,
    /// Mimecast `(Using TLS)`.
    MimecastUsingTls,
    /// NoSpamProxy's .NET `SslProtocols` names (`Tls12, Aes256, …`).
    DotnetSslprotocols,
    /// A version word followed by a cipher suite in a comment of another wording
    /// (`(Generic MTA with TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 256/256)`).
    VersionCipherWords,
    /// Kerio's `with SMTP (SSL)`.
    SslComment,
    /// Negative: the identified writer always marks TLS, and the line has no marker.
    WriterMarksTls(Writer),
}

impl fmt::Display for TlsRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = match self {
            TlsRule::ProtocolTlsS => "protocol-tls-s",
            TlsRule::VersionCipherComment => "version-cipher-comment",
            TlsRule::PostfixUsingComment => "postfix-using-comment",
            TlsRule::ColonVersionCipherBits => "colon-version-cipher-bits",
            TlsRule::EximVersionComment => "exim-version-comment",
            TlsRule::Rfc8314TlsClause => "rfc8314-tls-clause",
            TlsRule::CourierTlsComment => "courier-tls-comment",
            TlsRule::ExchangeTlsComment => "exchange-tls-comment",
            TlsRule::IisOverTls => "iis-over-tls",
            TlsRule::GoogleTransportSecurity => "google-transport-security",
            TlsRule::IronportEsmtpTls => "ironport-esmtp-tls",
            TlsRule::QmailEncrypted => "qmail-encrypted",
            TlsRule::MimecastStarttls => "mimecast-starttls",
            TlsRule::MimecastUsingTls => "mimecast-using-tls",
            TlsRule::DotnetSslprotocols => "dotnet-sslprotocols",
            TlsRule::VersionCipherWords => "version-cipher-words",
            TlsRule::SslComment => "ssl-comment",
            TlsRule::WriterMarksTls(writer) => return write!(f, "{}-marks-tls", writer.as_str()),
        };
        f.write_str(id)
    }
}

/// The rule behind a hop's verdict, or behind one inference it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Rule {
    /// The line records TLS (by the dialect rule named).
    TlsRecorded(TlsRule),
    /// The line's writer (when identified) always marks TLS when used, and this line has no
    /// marker.
    FormatMarksTls(Option<Writer>),
    /// The receiving provider (by provider-table id) records TLS whenever it is used.
    ProviderRecordsTls(&'static str),
    /// Neither the line nor what we know of its writer or provider tells.
    NotRecorded,
    /// The hop stayed inside one organisation.
    Internal,
    /// Not a network connection.
    #[default]
    Local,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::TlsRecorded(marker) => write!(f, "tls-recorded:{marker}"),
            Rule::FormatMarksTls(Some(writer)) => {
                write!(f, "format-marks-tls:{}", TlsRule::WriterMarksTls(*writer))
            }
            Rule::FormatMarksTls(None) => f.write_str("format-marks-tls"),
            Rule::ProviderRecordsTls(id) => write!(f, "provider-records-tls:{id}"),
            Rule::NotRecorded => f.write_str("not-recorded"),
            Rule::Internal => f.write_str("internal"),
            Rule::Local => f.write_str("local"),
        }
    }
}

named_enum! {
    /// The scope rules, in the order `path::scope` tries them; the first that applies decides.
    #[derive(Default)]
    pub enum ScopeRule {
        #[default]
        NonTransfer = "non-transfer",
        NoSender = "no-sender",
        ApiInjection = "api-injection",
        LocalDelivery = "local-delivery",
        SameHost = "same-host",
        Loopback = "loopback",
        LocalName = "local-name",
        SameOrganisation = "same-organisation",
        DifferentOrganisations = "different-organisations",
        PrivateAddress = "private-address",
        ClientAccess = "client-access",
        AuthenticatedSubmission = "authenticated-submission",
        SenderIngress = "sender-ingress",
        PublicSender = "public-sender",
        Insufficient = "insufficient",
    }
}

impl ScopeRule {
    /// The scope this rule gives.
    pub fn scope(self) -> Scope {
        match self {
            ScopeRule::NonTransfer => Scope::Local,
            ScopeRule::NoSender
            | ScopeRule::LocalDelivery
            | ScopeRule::SameHost
            | ScopeRule::Loopback
            | ScopeRule::LocalName
            | ScopeRule::SameOrganisation
            | ScopeRule::PrivateAddress
            | ScopeRule::ClientAccess => Scope::Internal,
            ScopeRule::ApiInjection
            | ScopeRule::AuthenticatedSubmission
            | ScopeRule::SenderIngress => Scope::Submission,
            ScopeRule::DifferentOrganisations | ScopeRule::PublicSender => Scope::CrossProvider,
            ScopeRule::Insufficient => Scope::Unknown,
        }
    }
}

/// Serialised as the rule's id text (`tls-recorded:postfix-using-comment`), the JSON contract.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Serialised as the rule's id text (`postfix-marks-tls`), the JSON contract.
impl Serialize for TlsRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A note about the input or one of its lines: a stable code for programs and tests, and the
/// sentence people read (the only part in the JSON report, whose contract is a list of strings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    pub text: String,
}

impl Diagnostic {
    pub fn new(code: DiagnosticCode, text: impl Into<String>) -> Self {
        Diagnostic {
            code,
            text: text.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

named_enum! {
    /// What a [`Diagnostic`] is about.
    pub enum DiagnosticCode {
        /// Bytes that were not UTF-8 were replaced.
        InvalidUtf8 = "invalid-utf8",
        /// Reading stopped at the blank line that ends the header section.
        BodyNotRead = "body-not-read",
        /// Lines before the first header field were skipped.
        SkippedLines = "skipped-lines",
        /// Lines without folding indentation were joined to the field above.
        Refolded = "refolded",
        /// More Received fields than the limit.
        TooManyReceived = "too-many-received",
        /// More header fields than the limit.
        TooManyFields = "too-many-fields",
        /// The input is larger than the header-section limit.
        InputTooLarge = "input-too-large",
        /// Nothing that looks like a header field.
        NoHeaderFields = "no-header-fields",
        /// The headers were read from an Outlook .msg's stored Internet headers.
        ReadFromOutlookMsg = "read-from-outlook-msg",
        /// The headers were quoted (`>`) or indented, and that prefix was removed.
        Unquoted = "unquoted",
        /// A Received field longer than the limit was cut.
        FieldTooLong = "field-too-long",
        /// A comment in a Received field is not closed.
        UnclosedComment = "unclosed-comment",
        /// A Received field's date could not be read.
        NoDate = "no-date",
        /// A later hop is timestamped before an earlier one.
        ClockSkew = "clock-skew",
        /// No Received field at all.
        NoReceived = "no-received",
        /// A hop did not come from the server that received the previous one.
        ChainBreak = "chain-break",
        /// Another header's TLS fact disagrees with a hop's Received line.
        WitnessDisagrees = "witness-disagrees",
    }
}
