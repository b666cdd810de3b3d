#pragma once

#include "base/ServiceError.h"

#include <optional>
#include <utility>

namespace cc {

// A value or the reason there is none (std::expected is C++23).
template <typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(ServiceError error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const ServiceError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ServiceError m_error;
};

} // namespace cc
