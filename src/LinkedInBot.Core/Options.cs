using System.ComponentModel.DataAnnotations;

namespace LinkedInBot.Core;

/// <summary><c>Bot:*</c> — settings of the bot as a whole.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// The absolute URL at which LinkedIn (OAuth callback), Telegram (webhook) and Discord (interactions)
    /// reach this process. <c>{PublicBaseUrl}/auth/linkedin/callback</c> must be registered in the LinkedIn app.
    /// Checked at start-up by <c>AddLinkedInBotCore</c> (an absolute http(s) URL without a query).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The OAuth callback URL derived from <see cref="PublicBaseUrl"/>.</summary>
    public Uri CallbackUrl => new(PublicBaseUrl.TrimEnd('/') + "/auth/linkedin/callback");

    /// <summary>
    /// How many chats this process serves at the same time, on every platform; the requests of one chat always run
    /// one after another. A slot mostly waits for LinkedIn, so this is about latency under bursts, not CPU.
    /// </summary>
    public int MaxConcurrentChats { get; set; } = 100;

    /// <summary>
    /// How long a replica holds a chat (or the Telegram poller role) without renewing it. A replica that dies hands its
    /// chats to another within this time; it renews every third of it.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At shutdown, how long running requests may take to finish before they are cancelled. A cancelled request stays
    /// in the database and is finished by the next start or by another replica.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often the bot looks for links that expire within 7 days (and within 1 day) and reminds their owners, in the
    /// chat where the link was confirmed. Also checked at start-up.
    /// </summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The time zone of users who did not set one with <c>/timezone</c>: an IANA name such as Europe/Berlin.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How far ahead a post may be scheduled.</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A scheduled post whose time passed while the bot was down is still published at start-up when it is at most this
    /// late; a later one is not published without asking its author (Publish now / Cancel).
    /// </summary>
    public TimeSpan LateScheduleLimit { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often an idle replica looks for jobs that other replicas stored or that became due.</summary>
    internal TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a job's first failed attempt; it doubles with each further one (2, 4, 8, 16 s).</summary>
    internal TimeSpan JobRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary><c>LinkedIn:*</c> — the LinkedIn app and API.</summary>
public sealed class LinkedInOptions
{
    public const string Section = "LinkedIn";

    /// <summary>The app's Client ID. Empty: the built-in sandbox stands in for LinkedIn and nothing is published.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The app's Client Secret. Never logged.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Space-separated OAuth scopes.</summary>
    public string Scopes { get; set; } = "openid profile w_member_social";

    /// <summary>
    /// Posting as company pages (LinkedIn's Community Management API, granted to a separate app of a registered
    /// organization): adds <see cref="PageScopes"/> to the authorize URL and turns on /pages, /as and /approval.
    /// </summary>
    public bool EnablePages { get; set; }

    /// <summary>The scopes <see cref="EnablePages"/> adds: post as a page, read the member's roles on pages.</summary>
    public const string PageScopes = "w_organization_social r_organization_admin";

    /// <summary>The scopes the authorize URL asks for: <see cref="Scopes"/>, plus <see cref="PageScopes"/> with <see cref="EnablePages"/>.</summary>
    public string EffectiveScopes => EnablePages ? Scopes + " " + PageScopes : Scopes;

    /// <summary>Base of the OAuth endpoints (authorization, accessToken, revoke).</summary>
    public string AuthBaseUrl { get; set; } = "https://www.linkedin.com/oauth/v2";

    /// <summary>Base of the REST API (/v2/userinfo, /rest/posts, /rest/images).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.linkedin.com";

    /// <summary>The <c>LinkedIn-Version</c> header, YYYYMM. LinkedIn retires each version after about a year (426).</summary>
    [RegularExpression(@"^\d{6}(\.\d{2})?$", ErrorMessage = "LinkedIn:ApiVersion must look like YYYYMM, for example 202610.")]
    public string ApiVersion { get; set; } = "202610";

    /// <summary>True when no LinkedIn app is configured and the sandbox serves instead.</summary>
    public bool IsSandbox => string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The client id the LinkedIn client sends: the configured app's, or the one the sandbox generated.</summary>
    public string EffectiveClientId => IsSandbox ? _sandboxClientId : ClientId;

    /// <summary>The client secret the LinkedIn client sends: the configured app's, or the one the sandbox generated.</summary>
    public string EffectiveClientSecret => IsSandbox ? _sandboxClientSecret : ClientSecret;

    private string _sandboxClientId = string.Empty;
    private string _sandboxClientSecret = string.Empty;

    /// <summary>
    /// The built-in sandbox hands the client the credentials it generated at start, and accepts no others. Not a
    /// setting: <see cref="ClientId"/> stays empty, so <see cref="IsSandbox"/> keeps meaning "no real app".
    /// </summary>
    public void UseSandboxCredentials(string clientId, string clientSecret)
    {
        _sandboxClientId = clientId;
        _sandboxClientSecret = clientSecret;
    }
}

/// <summary><c>Storage:*</c> — the database and the Data Protection key ring.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The SQLite default, also how validation recognises a PostgreSQL provider left with it.</summary>
    public const string SqliteDefaultConnectionString = "Data Source=data/linkedinbot.db";

    /// <summary>Which database holds the bot's data: <c>Sqlite</c> (embedded, nothing to install) or <c>PostgreSQL</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// In the syntax of <see cref="Provider"/>: a Microsoft.Data.Sqlite connection string (the folder of the file is
    /// created) or an Npgsql one. May hold a password: never logged or shown.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = SqliteDefaultConnectionString;

    /// <summary>Where the Data Protection key ring lives: <c>Directory</c> (<see cref="KeysDirectory"/>) or <c>Database</c>.</summary>
    public KeyRingStorage KeyRing { get; set; } = KeyRingStorage.Directory;

    /// <summary>
    /// Where the Data Protection key ring lives when <see cref="KeyRing"/> is <c>Directory</c>. The stored LinkedIn
    /// tokens can only be read with it: back it up together with the database.
    /// </summary>
    [Required]
    public string KeysDirectory { get; set; } = "data/keys";

    /// <summary>
    /// How long the post ledger keeps a post's text and reply context. Older entries keep only what the history needs
    /// (the post's URN, URL and time); the text is removed by a cleanup that runs every hour.
    /// </summary>
    public TimeSpan PostTextRetention { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>The database behind the stores (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>Where the Data Protection key ring is kept (<c>Storage:KeyRing</c>).</summary>
public enum KeyRingStorage
{
    /// <summary>XML files in <c>Storage:KeysDirectory</c> (a shared volume for several replicas).</summary>
    Directory,

    /// <summary>The <c>data_protection_keys</c> table of the bot's own database.</summary>
    Database,
}
