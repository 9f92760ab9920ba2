# TmlSanitizers.cmake — sanitizer options for the runtime build (MEMORY.md §13).
#
#   TML_ENABLE_ASAN   AddressSanitizer          -fsanitize=address
#   TML_ENABLE_UBSAN  UndefinedBehaviorSanitizer -fsanitize=undefined (stops at the first error)
#   TML_ENABLE_LSAN   standalone LeakSanitizer   -fsanitize=leak
#   TML_ENABLE_TSAN   ThreadSanitizer           -fsanitize=thread
#   TML_ENABLE_MSAN   MemorySanitizer           -fsanitize=memory (clang only)
#
# Including this module defines the options, rejects the invalid combinations listed in
# MEMORY.md §13, and adds the flags to every target defined after the include.

option(TML_ENABLE_ASAN "Build with AddressSanitizer" OFF)
option(TML_ENABLE_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(TML_ENABLE_LSAN "Build with standalone LeakSanitizer" OFF)
option(TML_ENABLE_TSAN "Build with ThreadSanitizer" OFF)
option(TML_ENABLE_MSAN "Build with MemorySanitizer" OFF)

function(_tml_sanitizer_conflict a b)
  if(TML_ENABLE_${a} AND TML_ENABLE_${b})
    message(FATAL_ERROR "TML_ENABLE_${a} and TML_ENABLE_${b} cannot be combined")
  endif()
endfunction()

_tml_sanitizer_conflict(ASAN TSAN)
_tml_sanitizer_conflict(ASAN MSAN)
_tml_sanitizer_conflict(TSAN MSAN)
_tml_sanitizer_conflict(LSAN TSAN)
_tml_sanitizer_conflict(LSAN MSAN)

if(TML_ENABLE_MSAN AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "TML_ENABLE_MSAN requires clang (e.g. -DCMAKE_C_COMPILER=clang-19)")
endif()

set(TML_SANITIZERS "")
if(TML_ENABLE_ASAN)
  list(APPEND TML_SANITIZERS address)
endif()
if(TML_ENABLE_UBSAN)
  list(APPEND TML_SANITIZERS undefined)
endif()
if(TML_ENABLE_LSAN AND NOT TML_ENABLE_ASAN)
  # AddressSanitizer already includes leak detection.
  list(APPEND TML_SANITIZERS leak)
endif()
if(TML_ENABLE_TSAN)
  list(APPEND TML_SANITIZERS thread)
endif()
if(TML_ENABLE_MSAN)
  list(APPEND TML_SANITIZERS memory)
endif()

if(TML_SANITIZERS)
  list(JOIN TML_SANITIZERS "," _tml_sanitize_list)
  set(_tml_sanitize_flags "-fsanitize=${_tml_sanitize_list}" -fno-omit-frame-pointer -g)
  if(TML_ENABLE_UBSAN)
    list(APPEND _tml_sanitize_flags -fno-sanitize-recover=all)
  endif()
  if(TML_ENABLE_MSAN)
    list(APPEND _tml_sanitize_flags -fsanitize-memory-track-origins)
  endif()
  add_compile_options(${_tml_sanitize_flags})
  add_link_options(${_tml_sanitize_flags})
  if(CMAKE_C_COMPILER_ID MATCHES "Clang" AND TML_ENABLE_UBSAN AND "leak" IN_LIST TML_SANITIZERS)
    # clang 19 links no UBSan runtime for -fsanitize=leak,undefined
    # (llvm/llvm-project#138982); gcc's libubsan provides the handlers, except the one for
    # -fsanitize=function, which is therefore left out.
    add_compile_options(-fno-sanitize=function)
    link_libraries(ubsan)
  endif()
  message(STATUS "TML sanitizers: ${_tml_sanitize_list}")
endif()
