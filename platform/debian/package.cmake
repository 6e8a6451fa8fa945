# Installing, and the .deb (`cpack -G DEB` in the build folder); included by CMakeLists.txt.
# The one package plays the shipped class on a clean Debian 12 (platform/check-deb.sh proves it):
#   /usr/bin/classplayer                      the player (stripped; symbols in classplayer-dbgsym)
#   /usr/share/classplayer/playlists/         the class; its media_root "../media" is
#   /usr/share/classplayer/media/             the demo media, made here at build time, with the
#                                             generator and demonstrations to make it again
#   /usr/share/man/man1/classplayer.1.gz      the man page, from the player's own --help
#   /usr/share/doc/classplayer/               README.md and docs/ (links between them still work)
#   /usr/lib/systemd/system/, /etc/classplayer/   the kiosk unit and its config (a conffile)
include(GNUInstallDirs)
install(TARGETS classplayer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS platform/classplayer-make-media DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES playlists/middle-back.json playlists/conditions.json playlists/motion-rules.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/playlists)
install(PROGRAMS media/generate.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/media)
# The demonstrations the clips are drawn from, and the tool that draws them (generate.sh finds it
# on the PATH), so that classplayer-make-media can make the class again on the machine itself.
install(DIRECTORY media/demonstrations DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/media)
if(TARGET classplayer-demonstrate)
  install(TARGETS classplayer-demonstrate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(FILES media/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/media)

# The demo media itself (about 6 MB), so that installing the package is all it takes to play the
# class: making it needs ffmpeg, Festival and a voice, which a TV box need not have. It is made
# in the source tree (`cmake --build build --target media`), not by the install: packing stops
# here, saying so, rather than make a package whose class cannot play.
install(CODE "set(classplayer_media \"${PROJECT_SOURCE_DIR}/media\")")
install(CODE [[
  foreach(folder clips cues)
    file(GLOB made "${classplayer_media}/${folder}/*")
    if(NOT made)
      message(FATAL_ERROR "The demo media is not made (${classplayer_media}/${folder} is empty or "
                          "missing), and the package must hold it: cmake --build <build> --target media")
    endif()
  endforeach()
]])
# The .NAME.made notes go too: with them the installed generator knows what made each file and
# remakes only what changed. A generator's temporary files (.NAME.PID.tmp.EXT) never go.
install(DIRECTORY media/clips media/cues DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/media
        PATTERN ".*.tmp.*" EXCLUDE)

install(FILES platform/classplayer.service DESTINATION lib/systemd/system)
# The clinic's server: the collector of the screens' session records (docs/fleet.md section 9).
install(FILES platform/fleet/classplayer-records.service DESTINATION lib/systemd/system)
install(FILES platform/kiosk.json DESTINATION /etc/classplayer)
# The fleet's server-side tools and examples (docs/fleet.md): the clinic runs them from here.
install(PROGRAMS platform/fleet/make-certs.sh platform/fleet/make-broker-conf.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/fleet)
install(FILES platform/fleet/mosquitto.conf.in platform/fleet/acl.in platform/fleet/fleet.json
        platform/fleet/fleet-admin.json platform/fleet/nginx-site.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/classplayer/fleet)
# README.md beside docs/, as in the source tree, so the links between them work where installed.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page: help2man turns `classplayer --help` and each command's --help into classplayer(1),
# so it says what this very binary accepts. Running the binary needs a native build; the package
# is built on the board or a machine of its architecture (docs/raspberry-pi.md).
find_program(HELP2MAN help2man)
if(HELP2MAN AND NOT CMAKE_CROSSCOMPILING)
  set(man_page ${PROJECT_BINARY_DIR}/classplayer.1.gz)
  add_custom_command(OUTPUT ${man_page}
    COMMAND ${PROJECT_SOURCE_DIR}/platform/debian/make-man-page.sh $<TARGET_FILE:classplayer> ${man_page}
    DEPENDS classplayer ${PROJECT_SOURCE_DIR}/platform/debian/make-man-page.sh
    COMMENT "Writing the man page (classplayer.1.gz) from classplayer --help"
    VERBATIM)
  add_custom_target(man-page ALL DEPENDS ${man_page})
  install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
elseif(NOT CMAKE_CROSSCOMPILING)
  message(WARNING "help2man not found: the build makes no man page and `cpack` will refuse to "
                  "pack (platform/setup-debian.sh installs help2man)")
  install(CODE [[message(FATAL_ERROR "No man page to install: help2man was not found when "
                                     "configuring (apt-get install help2man, then configure again)")]])
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME classplayer)
set(CPACK_PACKAGE_CONTACT "classplayer maintainers <classplayer@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Fullscreen player for guided exercise classes on TVs and kiosks")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION video)
# Stripped binaries in the package; their debug symbols in classplayer-dbgsym_*.ddeb beside it
# (/usr/lib/debug/.build-id/, found by gdb through the build id). CPack strips with objcopy only
# what it finds unstripped, so CPACK_STRIP_FILES must stay off or no symbols are left to keep.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
# Library dependencies come from dpkg-shlibdeps (Debian package names, right versions, any
# architecture). The rest is what the player loads or needs without linking to it:
#   fonts-dejavu-core   the overlay's and menu's font (src/ui/screen.hpp: font_dir)
#   adduser             the postinst makes the kiosk's system user
#   libegl1, libgles2, libgl1-mesa-dri   SDL loads EGL and GLES at run time (dlopen, so
#                       shlibdeps cannot see them) to draw on the console (kmsdrm, the kiosk unit)
#                       and to scale the picture on the GPU; Mesa's drivers do the drawing
# The media generator's tools are only Recommends: the media ships made.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, adduser, libegl1, libgles2, libgl1-mesa-dri")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ffmpeg, jq, festival, festvox-us-slt-hts, espeak-ng")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  "${PROJECT_SOURCE_DIR}/platform/debian/postinst;${PROJECT_SOURCE_DIR}/platform/debian/postrm;${PROJECT_SOURCE_DIR}/platform/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
