namespace LinkedInBot.Tests.Browser;

/// <summary>
/// A test that needs Debian's Chromium. Locally it is skipped, with the command that installs it, when the browser
/// is missing; under CI (the CI variable is set) it always runs, so a missing browser fails instead of hiding.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(HeadlessChromium.ExecutablePath) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"{HeadlessChromium.ExecutablePath} is missing: install it with `apt-get install -y chromium` (CI never skips this test).";
        }
    }
}
