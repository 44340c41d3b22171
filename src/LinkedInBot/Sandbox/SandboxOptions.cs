namespace LinkedInBot.Sandbox;

/// <summary><c>Sandbox:*</c> — the built-in LinkedIn stand-in, on while <c>LinkedIn:ClientId</c> is empty.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>
    /// False (default): the sandbox and its feed answer only requests from this machine (loopback). True: anyone who
    /// reaches the port can use them — for trying the bot in a container or from another device.
    /// </summary>
    public bool AllowRemote { get; set; }
}
