using System.Net;
using DryApi.Mcp.Auth;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>The SSRF guard's verdicts on addresses (no connection is made).</summary>
public sealed class OutboundAddressPolicyTests
{
    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2a00:1450:4001:81b::200e")]
    public void A_public_unicast_address_is_permitted(string address) =>
        Assert.True(Policy().Permits(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::ffff:0:a00:1")]
    [InlineData("::ffff:0:808:808")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("100::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:2::1")]
    [InlineData("2002:808:808::1")]
    [InlineData("3fff::1")]
    [InlineData("5f00::1")]
    [InlineData("fec0::1")]
    [InlineData("4000::1")]
    public void A_private_loopback_link_local_or_special_address_is_refused(string address) =>
        Assert.False(Policy().Permits(IPAddress.Parse(address)));

    [Fact]
    public void Only_the_configured_networks_are_opened()
    {
        var policy = Policy("127.0.0.0/8");

        Assert.True(policy.Permits(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.Permits(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(policy.Permits(IPAddress.Parse("64:ff9b::7f00:1")));
        Assert.True(policy.IsExplicitlyAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.False(policy.Permits(IPAddress.Parse("::1")));
        Assert.False(policy.Permits(IPAddress.Parse("10.0.0.1")));
        Assert.False(policy.IsExplicitlyAllowed(IPAddress.Parse("8.8.8.8")));
    }

    private static OutboundAddressPolicy Policy(params string[] allowed) =>
        new(Options.Create(new OAuthOptions { ClientMetadataAllowedNetworks = [.. allowed] }));
}
