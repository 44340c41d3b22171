using System.Diagnostics;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.Tests.Jobs;

public sealed class LeaseOwnersTests
{
    [Fact]
    public void ARunnerOfThisProcess_IsAlive_UntilItIsRetired()
    {
        var owner = LeaseOwners.Create();
        Assert.False(LeaseOwners.IsGone(owner));

        LeaseOwners.Retire(owner);

        // Same host, boot and process id, and no runner here by that name: an earlier run (a container's PID 1).
        Assert.True(LeaseOwners.IsGone(owner));
    }

    [Fact]
    public async Task AnEarlierRunWhoseProcessHasExited_IsGone_AndOneWhoseProcessRuns_IsNot()
    {
        var template = LeaseOwners.Create();
        LeaseOwners.Retire(template);
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        using var running = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            Assert.True(LeaseOwners.IsGone(WithProcess(template, exited.Id)));
            Assert.False(LeaseOwners.IsGone(WithProcess(template, running.Id)));
        }
        finally
        {
            running.Kill();
        }
    }

    [Theory]
    [InlineData("another-host/0123abcd/1/deadbeef")]
    [InlineData("old-format/1234/deadbeef")]
    [InlineData("A")]
    [InlineData("")]
    public void AnyoneElse_IsNeverTakenForDead(string owner)
    {
        Assert.False(LeaseOwners.IsGone(owner));
    }

    [Fact]
    public void TheSameHostInAnotherBoot_IsNeverTakenForDead()
    {
        var parts = LeaseOwners.Create().Split('/');
        LeaseOwners.Retire(string.Join('/', parts));
        parts[1] = parts[1] == "ffffffff" ? "eeeeeeee" : "ffffffff";

        Assert.False(LeaseOwners.IsGone(string.Join('/', parts)));
    }

    private static string WithProcess(string owner, int processId)
    {
        var parts = owner.Split('/');
        parts[2] = processId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('/', parts);
    }
}
