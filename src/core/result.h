// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace pulsemap {

// Why something failed: one line a user can read ("spring.pulsemap: not a Pulsemap campaign file").
// The one error shape of every Pulsemap library; see docs/architecture.md, "Errors".
struct Error
{
    std::string message;
};

// Either a value or an Error, in the manner of C++23's std::expected (which GCC 12 and clang 14 lack
// in C++20). Functions that can fail return Result<T> (or Result<void>); callers test it like a bool:
//
//     auto store = CampaignStore::open(path, Access::ReadOnly);
//     if (!store) { return fail(store.error()); }
//     use(**store);
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}     // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {} // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T &value() &
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    [[nodiscard]] const T &value() const &
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    [[nodiscard]] T &&value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_state));
    }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    [[nodiscard]] const Error &error() const
    {
        assert(!ok());
        return std::get<1>(m_state);
    }
    // The failure's message, empty on success (convenient for logging either way).
    [[nodiscard]] const std::string &message() const
    {
        static const std::string none;
        return ok() ? none : error().message;
    }

private:
    std::variant<T, Error> m_state;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {} // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error &error() const
    {
        assert(!ok());
        return m_error;
    }
    [[nodiscard]] const std::string &message() const { return m_error.message; }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

// Builds the failure side: `return fail("no such file");` converts to any Result<T>.
inline Error fail(std::string message)
{
    return Error{std::move(message)};
}
// Passes another result's failure on, optionally with context: `return fail(r.error(), path);`
// gives "path: <message>".
inline Error fail(const Error &cause, const std::string &context = {})
{
    return Error{context.empty() ? cause.message : context + ": " + cause.message};
}

} // namespace pulsemap
