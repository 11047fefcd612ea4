# A .deb of the plugin and the SIP-Auth profile, for the Wireshark it was built
# against:  cmake -S . -B build-deb -DSIPAUTH_INSTALL_GLOBAL=ON && cmake --build build-deb --target package
# The package installs into Wireshark's global folders whoever builds it.

# The SIP-Auth profile goes where Wireshark looks for profiles: the global
# folder, or the user's own.
if(EXISTS "${PROJECT_SOURCE_DIR}/profiles/SIP-Auth")
  if(SIPAUTH_INSTALL_GLOBAL)
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/profiles/SIP-Auth" DESTINATION /usr/share/wireshark/profiles)
  else()
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/profiles/SIP-Auth" DESTINATION "$ENV{HOME}/.config/wireshark/profiles")
  endif()
endif()
if(NOT SIPAUTH_INSTALL_GLOBAL)
  return()
endif()
# The README and every page it links to under docs/, with the screenshots.
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION /usr/share/doc/wireshark-sipauth)
file(GLOB _sipauth_docs "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES ${_sipauth_docs} DESTINATION /usr/share/doc/wireshark-sipauth/docs)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/screenshots/" DESTINATION /usr/share/doc/wireshark-sipauth/docs/screenshots
        FILES_MATCHING PATTERN "*.png")

# A plugin only loads into the major.minor it was built for.
string(REPLACE "." ";" _ws_parts "${SIPAUTH_WS_VERSION}")
list(GET _ws_parts 0 _ws_major)
list(GET _ws_parts 1 _ws_minor)
math(EXPR _ws_next_minor "${_ws_minor} + 1")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wireshark-sipauth)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that explains SIP digest authentication failures")
set(CPACK_PACKAGE_CONTACT "sipauth developers <sipauth@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "wireshark-common (>= ${_ws_major}.${_ws_minor}), wireshark-common (<< ${_ws_major}.${_ws_next_minor})")
set(CPACK_DEBIAN_FILE_NAME
    "wireshark-sipauth_${PROJECT_VERSION}+ws${_ws_major}.${_ws_minor}_${CMAKE_SYSTEM_PROCESSOR}.deb")
string(REPLACE "x86_64" "amd64" CPACK_DEBIAN_FILE_NAME "${CPACK_DEBIAN_FILE_NAME}")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
if(NOT CMAKE_SYSTEM_PROCESSOR STREQUAL "x86_64")
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
set(CPACK_STRIP_FILES ON)
include(CPack)
