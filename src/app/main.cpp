// classplayer: a fullscreen player for guided exercise classes (see README.md).
// This file only parses the command line (contract in design.md) and hands off to a command.
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"

using namespace classplayer::app;

int main(int argc, char** argv) {
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

    try {
        cli.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        cli.exit(e);
        return kUsage;
    }

    if (*plan_cmd) return plan_command(plan);
    if (*check_cmd) return check_command(check_paths);
    std::cout << cli.help();
    return kDone;
}
