// https to the clinic's server: its own CA trusted through ca_file, and a client certificate
// for servers that only serve the clinic's own screens. Certificates are made for each run with
// the openssl command (Debian's openssl), valid for 127.0.0.1 only and for two days.
#include <cstdlib>

#include <catch2/catch.hpp>

#include "clinic.hpp"

using namespace content_test;
using Category = SyncError::Category;

namespace {

// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
struct ClinicCertificates {
    fs::path dir;
    explicit ClinicCertificates(const fs::path& folder) : dir(folder) {
        fs::create_directories(dir);
        write_file(dir / "server.ext", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        write_file(dir / "client.ext", "extendedKeyUsage=clientAuth\n");
        const std::string d = dir.string();
        const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        const std::string commands =
            "cd '" + d + "' && ( openssl req -x509" + ec + " -keyout ca.key -out ca.pem -days 2 -subj /CN=clinic-ca" +
            " && openssl req" + ec + " -keyout server.key -out server.csr -subj /CN=127.0.0.1" +
            " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2" +
            " -extfile server.ext -out server.pem" +
            " && openssl req" + ec + " -keyout client.key -out client.csr -subj /CN=screen-1" +
            " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2" +
            " -extfile client.ext -out client.pem )";
        if (std::system((commands + " > openssl.log 2>&1").c_str()) != 0)
            FAIL("openssl could not make the test certificates (Debian: openssl): " << read_file(dir / "openssl.log"));
        // nginx may read them as another user.
        for (const char* key : {"server.key", "client.key"}) fs::permissions(dir / key, fs::perms::others_read, fs::perm_options::add);
    }
};

}  // namespace

SCENARIO("A screen fetches a release over https from a server that asks for its certificate", "[content][tls]") {
    ScratchDir scratch;
    ClinicCertificates certs(scratch / "certs");
    write_file(scratch / "r1/playlists/p.json", "{\"class\": 1}");
    write_file(scratch / "r1/media/a.mp4", clip_bytes(50'000, 6));
    publish(scratch / "r1", "r1", scratch / "web");
    const TlsFiles tls{certs.dir / "server.pem", certs.dir / "server.key", certs.dir / "ca.pem"};
    NginxServer server(scratch / "web", "", &tls);
    ContentStore store(scratch / "screen");
    SyncOptions o = options_for(server.base_url(), "r1");
    REQUIRE(o.base_url.starts_with("https://"));

    WHEN("it trusts the clinic's CA and shows its own certificate") {
        o.ca_file = certs.dir / "ca.pem";
        o.client_certificate = certs.dir / "client.pem";
        o.client_key = certs.dir / "client.key";
        auto synced = store.sync(o);
        INFO((synced ? "" : synced.error().message));
        REQUIRE(synced);
        CHECK(read_file(scratch / "screen/releases/r1/media/a.mp4") == clip_bytes(50'000, 6));
    }
    WHEN("it does not trust the clinic's CA") {
        o.client_certificate = certs.dir / "client.pem";
        o.client_key = certs.dir / "client.key";
        auto synced = store.sync(o);
        REQUIRE_FALSE(synced);
        CHECK(synced.error().category == Category::Network);
        CHECK_THAT(synced.error().message, Catch::Contains("/releases/r1.json") && Catch::Contains("certificate"));
    }
    WHEN("it has no client certificate") {
        o.ca_file = certs.dir / "ca.pem";
        auto synced = store.sync(o);
        REQUIRE_FALSE(synced);
        CHECK(synced.error().category == Category::Http);
        CHECK_THAT(synced.error().message, Catch::Contains("/releases/r1.json: the server answered 400"));
    }
    CHECK_FALSE(store.current());
}
