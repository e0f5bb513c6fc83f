using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DryApi.Tests.Support;

/// <summary>A self-signed TLS server certificate for 127.0.0.1 and localhost, made for one test run.</summary>
internal static class LoopbackCertificate
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Windows' TLS stack cannot serve with an ephemeral key; a PKCS#12 round trip gives the certificate a usable one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>A TLS client check that accepts exactly this certificate (and nothing a CA vouches for).</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 trusted)
    {
        var thumbprint = trusted.GetCertHashString(HashAlgorithmName.SHA256);
        return (_, presented, _, _) => presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint;
    }
}
