// classplayer: a fullscreen player for guided exercise classes (see README.md).
// This file only parses the command line (contract in design.md) and hands off to a command;
// with no arguments it opens the home menu.
#include <malloc.h>

#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "app/fleet_command.hpp"
#include "app/session_record.hpp"
#include "media/libav_log.hpp"

using namespace classplayer::app;

namespace {

// The options play and home share (SessionOptions), in each one's words: play counts class
// time, home menu time (a class started from the menu does not count).
struct SessionWording {
    const char* clock;   // what --clock virtual speeds up
    const char* events;  // the --events help
    const char* shown;   // what --screenshot saves
    const char* at;      // the time --screenshot and --keys count in
    const char* state;   // what --state-dir keeps
};

// systemd stops the service with SIGTERM, and SDL turns SIGTERM (and Ctrl-C's SIGINT) into a
// clean end of the class: its summary logged, the session record and resume state kept. A
// terminal that hangs up (SIGHUP) or Ctrl+Backslash (SIGQUIT) would otherwise kill it mid-class with
// none of that: they are passed on as SIGTERM (raise is async-signal-safe).
void as_sigterm(int) { std::raise(SIGTERM); }

void add_session_options(CLI::App& command, SessionOptions& options, const SessionWording& words) {
    command.add_flag("--headless", options.headless, "No display or sound card needed (SDL offscreen and dummy drivers)");
    command.add_option("--clock", options.clock, std::string("real (default), or virtual: ") + words.clock)
        ->check(CLI::IsMember({"real", "virtual"}));
    command.add_option("--events", options.events, words.events);
    command.add_option("--screenshot", options.screenshots,
                       std::string("SECONDS:FILE.png - save ") + words.shown + " at that " + words.at + " (repeatable)");
    command.add_option("--keys", options.keys, std::string("Scripted remote presses: lines 'SECONDS KEY' in ") + words.at);
    command.add_option("--window", options.window, "WxH: a window instead of fullscreen");
    command.add_option("--volume", options.volume, "Master volume, 0 to 1")->check(CLI::Range(0.0, 1.0));
    command.add_option("--state-dir", options.state_dir,
                       std::string("Where ") + words.state + " (default $XDG_STATE_HOME/classplayer)");
}

}  // namespace

int main(int argc, char** argv) {
    // Each clip brings its own decoder threads, and glibc gives a new thread its own heap
    // arena (up to 8 per core): on a screen that changes clips all day they fragment, and RSS
    // crept from 190 to 206 MiB over 330 transitions. Two arenas held it at 133-148 MiB.
    mallopt(M_ARENA_MAX, 2);
    std::signal(SIGHUP, as_sigterm);
    std::signal(SIGQUIT, as_sigterm);
    CLI::App cli{"classplayer: plays guided exercise classes, adapted to a person's conditions"};
    cli.set_version_flag("--version", std::string("classplayer ") + CLASSPLAYER_VERSION);
    cli.require_subcommand(0, 1);

    PlanOptions plan;
    auto* plan_cmd = cli.add_subcommand("plan", "Print the plan for a profile, with the reason for every change");
    plan_cmd->add_option("PLAYLIST", plan.playlist, "Playlist JSON file, or a single media file")->required();
    plan_cmd->add_option("--profile", plan.profile,
                         "Comma-separated conditions (low-bone-density,radiating-leg-pain,no-floor,balance); "
                         "empty or 'standard' means none");
    plan_cmd->add_flag("--json", plan.json, "Print the plan as JSON");

    std::vector<std::filesystem::path> check_paths;
    auto* check_cmd = cli.add_subcommand("check", "Validate playlists and probe every media file they name");
    check_cmd->add_option("PLAYLIST", check_paths, "Playlist JSON files or media files")->required();

    PlayCommandOptions play;
    auto* play_cmd = cli.add_subcommand("play", "Play a class (a playlist, or a single media file)");
    play_cmd->add_option("PLAYLIST", play.playlist, "Playlist JSON file, or a single media file (optional with --kiosk)");
    play_cmd->add_option("--profile", play.profile, "Comma-separated conditions; empty or 'standard' means none");
    add_session_options(*play_cmd, play,
                        {.clock = "class time runs as fast as decoding allows",
                         .events = "Write the class timeline as JSON lines to FILE",
                         .shown = "the screen",
                         .at = "class time",
                         .state = "--resume keeps its state"});
    play_cmd->add_option("--bindings", play.bindings,
                         "Remote bindings file (lines 'key:E EASIER', 'pad:a OK', 'cec:F2_RED EASIER'); default "
                         "$XDG_CONFIG_HOME/classplayer/bindings.conf or /etc/classplayer/bindings.conf when present");
    play_cmd->add_flag("--no-captions", play.no_captions, "Do not show the words of voice cues on screen");
    play_cmd->add_option("--hwdec", play.hwdec,
                         "Video decoding: none (software, default), auto (v4l2m2m, drm, vaapi where present), "
                         "or a device or decoder name; hardware that fails its first frame falls back to software");
    play_cmd->add_option("--max-height", play.max_height,
                         "Decode clips taller than this many lines at a lower resolution where the codec can (0: off)")
        ->check(CLI::Range(0, 8640));
    play_cmd->add_flag("--resume", play.resume,
                       "Keep the step reached on disk; after a power cut or crash, start again at that step");

    play_cmd->add_flag("--kiosk", play.kiosk,
                       "Waiting-room screen: loop the playlist (or the config's rotation) forever with an attract "
                       "card; keys ignored but volume and the unlock combination");
    play_cmd->add_option("--config", play.kiosk_config,
                         "Kiosk config (default: kiosk.json beside the binary, else /etc/classplayer/kiosk.json)");
    play_cmd->add_option("--fleet", play.fleet_config,
                         "Kiosk: the clinic's fleet config (default: /etc/classplayer/fleet.json when it exists; "
                         "docs/fleet.md)");
    bool kiosk = false;
    std::optional<std::filesystem::path> kiosk_config, kiosk_fleet;
    cli.add_flag("--kiosk", kiosk, "Start straight into the kiosk (as play --kiosk, fullscreen, from the config file)");
    cli.add_option("--config", kiosk_config, "Kiosk config file for --kiosk");
    cli.add_option("--fleet", kiosk_fleet,
                   "Fleet config for --kiosk or the home menu (default: /etc/classplayer/fleet.json when it exists)");

    HomeCommandOptions home;
    auto* home_cmd = cli.add_subcommand("home", "The home menu: choose a class and what applies to you, then start "
                                                "(what `classplayer` alone opens)");
    home_cmd->add_option("--fleet", home.fleet_config,
                         "The clinic's fleet config: this TV box sends its session records and status to the clinic "
                         "and offers the classes of its release (default: /etc/classplayer/fleet.json when it exists)");
    home_cmd->add_option("--playlists", home.playlists,
                         "Folder of playlists to offer (default: the source tree's playlists/ in development, "
                         "else /usr/share/classplayer/playlists)");
    add_session_options(*home_cmd, home,
                        {.clock = "menu and class time run as fast as the work allows",
                         .events = "Write the menu's and the classes' timeline as JSON lines to FILE",
                         .shown = "the menu",
                         .at = "menu time",
                         .state = "the last choices and the resume point are kept"});

    HistoryOptions history;
    auto* history_cmd = cli.add_subcommand("history", "What was done, made easier, stopped and how it felt: the "
                                                      "session record a clinician reads");
    history_cmd->add_flag("--json", history.json, "Print the record as JSON");
    history_cmd->add_flag("--csv", history.csv, "Print one CSV line a step, for a spreadsheet");
    history_cmd->add_option("--since", history.since, "DATE (YYYY-MM-DD): only the sessions from that day on");
    history_cmd->add_option("--state-dir", history.state_dir,
                            "Where the record is kept (default $XDG_STATE_HOME/classplayer)");

    const FleetCommand fleet(cli);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        cli.exit(e);
        return kUsage;
    }

    classplayer::media::configure_libav_log();
    if (*plan_cmd) return plan_command(plan);
    if (*check_cmd) return check_command(check_paths);
    if (*play_cmd) return play_command(play);
    if (*history_cmd) return history_command(history);
    if (fleet.chosen()) return fleet.run();
    if (kiosk) {
        PlayCommandOptions options;
        options.kiosk = true;
        options.kiosk_config = kiosk_config;
        options.fleet_config = kiosk_fleet;
        return play_command(options);
    }
    // No subcommand: the home menu, as a TV box starts it.
    if (kiosk_fleet) home.fleet_config = kiosk_fleet;
    return home_command(home);
}
