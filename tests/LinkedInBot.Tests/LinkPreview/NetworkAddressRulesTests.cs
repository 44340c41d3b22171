using System.Net;
using LinkedInBot.Core.LinkPreview;

namespace LinkedInBot.Tests.LinkPreview;

public sealed class NetworkAddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("0.0.0.0", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "reserved")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("fd00::1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    public void Refusal_OfANonPublicAddress_NamesItsKind(string address, string kind) =>
        Assert.Equal(kind, NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    public void Refusal_OfAPublicAddress_IsNone(string address) =>
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("::ffff:192.168.0.2")]
    public void Refusal_WhenPrivateNetworksAreAllowed_LetsPrivateAndLoopbackThrough(string address) =>
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.1")]
    public void Refusal_WhenPrivateNetworksAreAllowed_StillRefusesMetadataNatAndMulticast(string address) =>
        Assert.NotNull(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true));
}
